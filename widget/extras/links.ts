/**
 * Links to a comment (`#comment-<id>`, WordPress's shape): the browser cannot scroll into
 * the widget's shadow root, so the widget does, on arrival and whenever the hash changes,
 * and marks the comment. One that is not on the page yet is asked about
 * (GET /api/comments/:id/context): the list then starts at the page of its root, with the
 * replies down to it.
 */
import { commentContext, listComments } from "../api";
import type { ThreadContextValue } from "../components/thread-context";
import { findComment, insertComment } from "../thread";
import { setJumped } from "./from-start";

const linkedId = () => /^#comment-(c_[\w-]+)$/.exec(location.hash)?.[1] ?? null;

export function followLinks(first: ThreadContextValue): void {
  const root = first.headingRef.current!.getRootNode() as ShadowRoot;
  // Marked on the element itself: Preact leaves a class it did not set alone.
  let marked: Element | null = null;
  const show = (id: string) => {
    const article = root.getElementById(`comment-${id}`);
    if (!article) return false;
    marked = article;
    article.classList.add("linked");
    article.scrollIntoView({ block: "center" });
    article.focus({ preventScroll: true });
    return true;
  };

  async function follow() {
    const id = linkedId();
    const ctx = first.current();
    marked?.classList.remove("linked");
    if (!id || show(id)) return;
    const { options } = ctx;
    try {
      const where = await commentContext(options, id, options.sort);
      if (!findComment(ctx.current().comments, where.rootId)) {
        const page = await listComments(
          options,
          options.site,
          options.page.key,
          options.sort,
          where.pageCursor,
        );
        ctx.setComments(page.comments);
        ctx.setCursor(page.nextCursor);
        setJumped(where.pageCursor !== null);
      }
      ctx.setComments((list) =>
        where.branch.reduce(
          (acc, reply) => (findComment(acc, reply.id) ? acc : insertComment(acc, reply, false)),
          list,
        ),
      );
      // After Preact has drawn them.
      setTimeout(() => show(id));
    } catch {
      ctx.announce(ctx.s.linkedGone);
    }
  }

  // Until the thread is taken down (a single-page site's next page has a thread of its own).
  addEventListener("hashchange", follow, { signal: first.options.signal });
  void follow();
}
