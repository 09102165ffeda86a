/**
 * New comments while the page is open: while the tab is visible, the first page is asked
 * for again every `data-refresh` seconds (60 by default; 0 turns it off) with the last
 * ETag, so an unchanged thread costs a 304 and nothing else. When comments came, a button
 * says how many rather than moving the page under the reader. A hidden tab asks nothing.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ListResponse } from "../api";
import type { WithContext } from "../components/thread-context";
import { fill } from "../i18n";

export function NewComments({ ctx, count }: WithContext & { count: number }) {
  const [fresh, setFresh] = useState<ListResponse | null>(null);
  const shown = useRef(count);
  shown.current = count;

  useEffect(() => {
    const { origin, site, page, sort, refresh } = ctx.options;
    if (!refresh) return;
    const url = `${origin}/api/comments?${new URLSearchParams({ site, page: page.key, sort })}`;
    let etag = "";
    let timer: ReturnType<typeof setInterval> | undefined;
    async function ask() {
      try {
        const response = await fetch(url, {
          credentials: "omit",
          headers: etag ? { "If-None-Match": etag } : {},
        });
        if (response.status !== 200) return;
        etag = response.headers.get("ETag") ?? "";
        const answer: ListResponse = await response.json();
        if (answer.thread.count > shown.current) setFresh(answer);
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
  const forms = ctx.s.newComments;
  function show() {
    ctx.setComments(fresh!.comments);
    ctx.setCursor(fresh!.nextCursor);
    ctx.adjustCount(n);
    setFresh(null);
    ctx.headingRef.current?.focus();
  }
  return (
    <button type="button" class="link new-comments" aria-live="polite" onClick={show}>
      {fill(forms[new Intl.PluralRules(ctx.options.lang).select(n)] ?? forms.other!, { n })}
    </button>
  );
}
