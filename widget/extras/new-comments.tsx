/**
 * New comments while the page is open: while the tab is visible, the first page is asked
 * for again every `data-refresh` seconds (60 by default; 0 turns it off) with the last
 * ETag, so an unchanged thread costs a 304 and nothing else. When comments came, a button
 * says how many rather than moving the page under the reader. A hidden tab asks nothing.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { listCommentsIfChanged, type ListResponse } from "../api";
import type { WithContext } from "../components/thread-context";
import { plural } from "../i18n/plural";

export function NewComments({ ctx, count }: WithContext & { count: number }) {
  const [fresh, setFresh] = useState<ListResponse | null>(null);
  const shown = useRef(count);
  shown.current = count;

  useEffect(() => {
    const { options } = ctx;
    const refresh = options.refresh;
    if (!refresh) return;
    let etag = "";
    let timer: ReturnType<typeof setInterval> | undefined;
    async function ask() {
      try {
        // The sort is read each time: the sort control may have changed it.
        const { site, page, sort } = options;
        const changed = await listCommentsIfChanged(options, site, page.key, sort, etag);
        if (!changed) return;
        etag = changed.etag;
        if (changed.answer.thread.count > shown.current) setFresh(changed.answer);
      } catch {
        // Offline for a moment: the next tick asks again.
      }
    }
    const stop = () => clearInterval(timer);
    const start = () => {
      stop();
      if (!document.hidden) timer = setInterval(ask, refresh * 1000);
    };
    const onVisibility = () => {
      if (document.hidden) return stop();
      void ask();
      start();
    };
    document.addEventListener("visibilitychange", onVisibility);
    start();
    return () => {
      stop();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, []);

  const n = fresh ? fresh.thread.count - count : 0;
  if (!fresh || n <= 0) return null;
  function show() {
    ctx.setComments(fresh!.comments);
    ctx.setCursor(fresh!.nextCursor);
    ctx.adjustCount(n);
    setFresh(null);
    ctx.headingRef.current?.focus();
  }
  return (
    <button type="button" class="link new-comments" aria-live="polite" onClick={show}>
      {plural(ctx.s.newComments, ctx.options.lang, n)}
    </button>
  );
}
