/**
 * The page's reactions bar, on sites that offer reactions (config.reactions): a toggle per
 * kind with its count, which came with the list (no request of its own until a click). It
 * is drawn once the extras chunk is in, after the thread: the first paint is the same. The
 * reader and what this browser reacted with are kept as reader-memory.ts says.
 */
import { useState } from "preact/hooks";
import { reactionSymbols } from "../../worker/domain/reactions";
import { reactToPage } from "../api";
import type { ReactionsProps } from "../components/thread-context";
import { fill } from "../i18n";
import { readerId, remember, remembered, watchLeaving } from "./reader-memory";

const reactedKey = (site: string) => `parley:reactions:${site}`;

export function Reactions({ ctx, counts }: ReactionsProps) {
  const { s, options, config } = ctx;
  const page = options.page.key;
  const key = reactedKey(options.site);
  // A kind this browser reacted with on this page is remembered as "<kind> <page key>".
  const [mine, setMine] = useState(() => remembered(key));
  const [shown, setShown] = useState(counts);
  if (config.reactions.length === 0) return null;

  const reacted = (kind: string) => mine.includes(`${kind} ${page}`);
  function keep(kind: string, on: boolean) {
    remember(key, `${kind} ${page}`, on);
    setMine(remembered(key));
  }

  async function toggle(kind: (typeof config.reactions)[number]) {
    const want = !reacted(kind);
    const before = shown;
    // At once, then corrected by the server's counts.
    keep(kind, want);
    setShown({ ...shown, [kind]: Math.max(0, (shown[kind] ?? 0) + (want ? 1 : -1)) });
    const leaving = watchLeaving();
    try {
      const answer = await reactToPage(options, {
        site: options.site,
        page,
        kind,
        reader: readerId(),
        reacted: want,
      });
      keep(kind, answer.reacted);
      setShown(answer.reactions);
    } catch {
      if (leaving.left()) return;
      keep(kind, !want);
      setShown(before);
      ctx.announce(s.reactionFailed);
    } finally {
      leaving.stop();
    }
  }

  return (
    <div class="reactions" role="group" aria-label={s.reactionsLabel}>
      {config.reactions.map((kind) => (
        <button
          type="button"
          class="reaction"
          aria-pressed={reacted(kind)}
          aria-label={fill(s.reactionLabel, { reaction: s.reactions[kind]!, n: shown[kind] ?? 0 })}
          onClick={() => void toggle(kind)}
        >
          <span aria-hidden="true">{reactionSymbols[kind]}</span> {shown[kind] || ""}
        </button>
      ))}
    </div>
  );
}
