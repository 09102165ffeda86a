/**
 * Stands in for `punycode.js` in the deployed bundle (see `[alias]` in wrangler.toml):
 * markdown-it uses it only to turn a link's international hostname into its ASCII form for
 * the href, and back for the link's text. The runtime's URL parser does the first (UTS 46,
 * as browsers do), so the polyfill's ~2.4 KiB need not ship; link text keeps the hostname
 * as the author wrote it, which also never dresses an `xn--` host up as look-alike letters.
 */
const toASCII = (host: string): string =>
  // eslint-disable-next-line no-control-regex
  /^[\x00-\x7f]*$/.test(host) ? host : new URL(`http://${host}`).hostname;
const toUnicode = (host: string): string => host;
export default { toASCII, toUnicode };
