/**
 * Taking over a thread the page already holds: the server-rendered fragment of
 * GET /api/comments.html, put in by a static-site build or an edge include. Until now it
 * has been shown through a slot (index.tsx) while the widget loaded, hidden, behind it. The
 * widget, fully loaded, takes its place in one frame, chosen so that nothing the reader is
 * looking at moves: at once while the thread is out of view; while it is in view, when it
 * leaves it or at the reader's first click or key press (a change that follows input is not
 * a layout shift). A reader who has typed into the fragment's own form keeps it and posts
 * with it.
 */
export function adopt(root: ShadowRoot, signal?: AbortSignal): Promise<void> {
  // The unnamed slot index.tsx put in (Turnstile's challenge comes through a named one).
  const slot = root.querySelector("slot:not([name])");
  if (!slot) return Promise.resolve();
  const host = root.host;
  return new Promise((done) => {
    // Words typed into the fragment's form are the reader's: that form stays theirs.
    const typing = () =>
      [
        ...host.querySelectorAll<HTMLInputElement>("form :is(textarea, input:not([type=hidden]))"),
      ].some((field) => field.value);
    const onInput = (event: Event) => {
      if (!typing() && !(event.target as Element).closest?.("[data-parley-fragment] form")) swap();
    };
    const observer = new IntersectionObserver((entries) => {
      if (!entries.at(-1)!.isIntersecting && !typing()) swap();
    });
    function swap() {
      observer.disconnect();
      removeEventListener("pointerdown", onInput, true);
      removeEventListener("keydown", onInput, true);
      slot!.remove();
      // Its ids (comment-<id>, parley-form) would answer the page's links instead of ours.
      host.querySelector("[data-parley-fragment]")?.remove();
      done();
    }
    // Not before the page has loaded: the browser's scroll to a link's target (a comment
    // in the fragment, say) may not have happened yet, and the thread only seem out of view.
    const watch = () => observer.observe(host);
    if (document.readyState === "complete") watch();
    else addEventListener("load", watch, { once: true, signal });
    addEventListener("pointerdown", onInput, { capture: true, signal });
    addEventListener("keydown", onInput, { capture: true, signal });
    // The thread taken down before the swap: the observer goes with it (the listeners above
    // go by the signal); the promise stays pending, as nothing waits for it any more.
    signal?.addEventListener("abort", () => observer.disconnect());
  });
}
