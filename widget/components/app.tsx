import { Fragment, h } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { listComments, type Comment, type Config, type ListResponse, type Thread } from "../api";
import { assetUrl } from "../assets";
import { countLabel, type Strings } from "../i18n";
import type { Options } from "../options";
import { addStyles } from "../styles";
import { findComment } from "../thread";
import { CommentList } from "./comment-item";
import type { Interactive, ThreadContextValue } from "./thread-context";

interface Props {
  options: Options;
  s: Strings;
  /** The first list request, started before the widget rendered. */
  initial: Promise<ListResponse>;
}

export function App({ options, s: strings, initial }: Props) {
  const [s, setStrings] = useState(strings);
  const [phase, setPhase] = useState<"loading" | "ready" | "error">("loading");
  const [thread, setThread] = useState<Thread | null>(null);
  // Forms render only after the first answer, so config is always the site's own.
  const [config, setConfig] = useState<Config>(null as never);
  const [comments, setComments] = useState<Comment[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [status, setStatus] = useState("");
  const [own, setOwn] = useState({});
  const [author, setAuthor] = useState({ name: "", email: "", website: "" });
  const [remember, setRemember] = useState(false);
  const [ui, setUi] = useState<Interactive | null>(null);
  const focusNext = useRef<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  function accept(page: ListResponse, append: boolean) {
    setThread(page.thread);
    setConfig(page.config);
    setCursor(page.nextCursor);
    setComments((list) =>
      append ? [...list, ...page.comments.filter((c) => !findComment(list, c.id))] : page.comments,
    );
  }

  useEffect(() => {
    initial.then(
      (page) => {
        accept(page, false);
        setPhase("ready");
      },
      () => setPhase("error"),
    );
  }, []);

  // Effects run after paint: only with the comments on screen is the form fetched, so the
  // first paint costs exactly two requests (embed.js and the list). Phase turns "ready" once,
  // so the mark (time to first comment paint, bench/paint.ts) is set once.
  useEffect(() => {
    if (phase !== "ready") return;
    performance.mark?.("parley:comments-painted");
    import(assetUrl("interactive", options.origin)).then(
      (chunk: Interactive) => {
        chunk.bind({ h, Fragment, useState, useEffect, useRef });
        addStyles(headingRef.current!.getRootNode() as ShadowRoot, chunk.css);
        setStrings((loaded) => ({ ...chunk.enForm, ...loaded }));
        setUi(chunk);
      },
      (error) => console.error("[parley] could not load the comment form", error),
    );
  }, [phase]);

  async function loadMore() {
    setLoadingMore(true);
    try {
      accept(
        await listComments(options.origin, options.site, options.page.key, options.sort, cursor),
        true,
      );
    } catch {
      setStatus(s.loadError);
    }
    setLoadingMore(false);
  }

  const context: ThreadContextValue = {
    options,
    s,
    lang: options.lang,
    config,
    closed: !!thread?.closed,
    comments,
    setComments,
    own,
    setOwn,
    author,
    setAuthor,
    remember,
    setRemember,
    adjustCount: (delta) => setThread((t) => t && { ...t, count: Math.max(0, t.count + delta) }),
    announce: setStatus,
    focusNext,
    headingRef,
    ui,
  };
  const restored = useRef(false);
  useEffect(() => {
    if (ui && !restored.current) {
      restored.current = true;
      ui.restore(context);
    }
  });

  const count = thread?.count ?? 0;
  return (
    <section class="parley" data-theme={options.theme} aria-labelledby="parley-heading">
      <h2 id="parley-heading" ref={headingRef} tabIndex={-1}>
        {phase === "loading"
          ? s.loading
          : phase === "error"
            ? s.loadError
            : comments.length || count
              ? countLabel(s, options.lang, count)
              : s.empty}
      </h2>
      {comments.length > 0 && <CommentList ctx={context} comments={comments} depth={1} />}
      {cursor && (
        <button type="button" class="more" disabled={loadingMore} onClick={loadMore}>
          {s.loadMore}
        </button>
      )}
      {thread?.closed ? (
        <p>{s.closed}</p>
      ) : ui ? (
        <ui.CommentForm ctx={context} />
      ) : (
        // Holds the form's place so nothing below moves when it arrives.
        phase !== "error" && <div class="form-slot" />
      )}
      <p class="sr" role="status">
        {status}
      </p>
    </section>
  );
}
