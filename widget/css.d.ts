/** scripts/build-assets.mjs turns each imported .css file into its minified text. */
declare module "*.css" {
  const css: string;
  export default css;
}
