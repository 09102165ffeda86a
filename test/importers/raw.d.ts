// Vite's `?raw` suffix imports a file as a string (in Node and in the Workers pool alike);
// tsconfig does not load vite/client, so the importer tests declare it themselves.
declare module "*?raw" {
  const content: string;
  export default content;
}

// `?inline` imports a binary file (the gzip exports) as a base64 `data:` URL.
declare module "*?inline" {
  const dataUrl: string;
  export default dataUrl;
}
