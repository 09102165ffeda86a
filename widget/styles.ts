/** Adds a stylesheet to the widget's shadow root (and nowhere else). */
export function addStyles(root: ShadowRoot, css: string): void {
  try {
    // A constructed sheet is not subject to the host page's CSP style-src.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = css;
    root.append(style);
  }
}
