/**
 * Adds a stylesheet to the widget's shadow root (and nowhere else). A constructed sheet is
 * not subject to the host page's CSP style-src, and every browser with shadow DOM and
 * module chunks has them (Safari since 16.4).
 */
export function addStyles(root: ShadowRoot, css: string): void {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
}
