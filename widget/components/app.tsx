import { Component, createRef, Fragment, h, options as preactOptions } from "preact";
import type { Comment, Config, ListResponse, Thread } from "../api";
import { assetUrl } from "../assets";
import type * as ExtrasModule from "../extras/index";
import type { Strings } from "../i18n";
import { plural } from "../i18n/plural";
import type * as FormModule from "../interactive/index";
import type { OwnComment } from "../interactive/own-storage";
import type { AuthorFields } from "../interactive/storage";
import type { Options } from "../options";
import { addStyles } from "../styles";
import { CommentList } from "./comment-item";
import type { ExtrasChunk, FormChunk, Setter, ThreadContextValue } from "./thread-context";

interface Props {
  options: Options;
  s: Strings;
  /** The first list request, started before the widget rendered. */
  initial: Promise<ListResponse>;
}

/**
 * The chunks come through import() of a URL, which TypeScript cannot follow, so here it checks
 * their modules against what the thread expects of them (thread-context.ts): an export renamed
 * or a prop changed on one side only fails to type-check. Types only: embed.js carries nothing
 * of the chunks.
 */
type Provides<Module extends Expected, Expected> = Module;
type _Checked = [
  Provides<typeof FormModule, FormChunk>,
  Provides<typeof ExtrasModule, ExtrasChunk>,
];

interface State {
  s: Strings;
  phase: "loading" | "ready" | "error";
  thread: Thread | null;
  config: Config;
  comments: Comment[];
  cursor: string | null;
  status: string;
  own: Record<string, OwnComment>;
  author: AuthorFields;
  remember: boolean;
  ui: FormChunk | null;
  extras: ExtrasChunk | null;
}

/**
 * The thread: its state, and the chunks that make it interactive once it is shown. A class
 * rather than hooks: the first paint needs nothing more, and preact/hooks would cost it
 * about 1 KB gzip (the chunks carry hooks for their own components).
 */
export class App extends Component<Props, State> {
  state: State = {
    s: this.props.s,
    phase: "loading",
    thread: null,
    // Forms render only after the first answer, so config is always the site's own.
    config: null as never,
    comments: [],
    cursor: null,
    status: "",
    own: {},
    author: { name: "", email: "", website: "" },
    remember: false,
    ui: null,
    extras: null,
  };
  heading = createRef<HTMLHeadingElement>();
  started = false;

  /** A hooks-style setter (a value or an updater) for one field, for the chunks' code. */
  setter<K extends keyof State>(key: K): Setter<State[K]> {
    return (next) =>
      this.setState((state) => ({
        [key]:
          typeof next === "function" ? (next as (old: State[K]) => State[K])(state[key]) : next,
      }));
  }
  setComments = this.setter("comments");
  setCursor = this.setter("cursor");
  setOwn = this.setter("own");
  setAuthor = this.setter("author");
  setRemember = this.setter("remember");

  componentDidMount() {
    this.props.initial.then(
      (page) => {
        // The chunks are fetched after that render is painted, so the first paint costs
        // exactly two requests (embed.js and the list). The mark is bench/paint.ts's.
        const { thread, config, comments, nextCursor: cursor } = page;
        this.setState({ phase: "ready", thread, config, comments, cursor }, () =>
          requestAnimationFrame(() =>
            setTimeout(() => {
              performance.mark?.("parley:comments-painted");
              this.load("interactive", "ui");
              this.load("extras", "extras");
            }),
          ),
        );
      },
      (error) => {
        // Taken down (Parley.mount's destroy, a single-page site's next page): not an error.
        if (this.props.options.signal?.aborted) return;
        // A wrong data-site, a page on none of the site's origins (CORS), the Worker down.
        console.error("[parley] the comments could not be loaded:", error);
        this.setState({ phase: "error" });
      },
    );
  }

  load(name: string, key: "ui" | "extras") {
    import(assetUrl(name, this.props.options.origin)).then(
      (chunk: FormChunk & ExtrasChunk) => {
        // A chunk that arrives after the thread was taken down has nothing to join.
        if (this.props.options.signal?.aborted) return;
        chunk.bind({ h, Fragment, options: preactOptions });
        addStyles(this.heading.current!.getRootNode() as ShadowRoot, chunk.css);
        this.setState(
          (state) => ({ s: { ...chunk.strings, ...state.s }, [key]: chunk }),
          () => {
            // The extras start once, when both chunks are in.
            const { ui, extras } = this.state;
            if (ui && extras && !this.started) extras.start(this.shared());
            this.started ||= !!(ui && extras);
          },
        );
      },
      (error) => console.error(`[parley] could not load the ${name} chunk`, error),
    );
  }

  /** What the components and the chunks share (the `ctx` prop), made from the current state. */
  shared(): ThreadContextValue {
    const { s, thread, config, comments, own, author, remember, ui, extras } = this.state;
    return {
      options: this.props.options,
      s,
      config,
      closed: !!thread?.closed,
      comments,
      setComments: this.setComments,
      setCursor: this.setCursor,
      own,
      setOwn: this.setOwn,
      author,
      setAuthor: this.setAuthor,
      remember,
      setRemember: this.setRemember,
      adjustCount: (delta) =>
        this.setState((state) => ({
          thread: state.thread && {
            ...state.thread,
            count: Math.max(0, state.thread.count + delta),
          },
        })),
      announce: (status) => this.setState({ status }),
      headingRef: this.heading,
      current: () => this.shared(),
      ui,
      extras,
    };
  }

  render({ options }: Props, { s, phase, thread, comments, cursor, status, ui, extras }: State) {
    const ctx = this.shared();
    const count = thread?.count ?? 0;
    return (
      <section
        class="parley"
        data-theme={options.theme}
        style={options.accent ? `--page-link:${options.accent}` : undefined}
        aria-labelledby="parley-heading"
      >
        <h2 id="parley-heading" ref={this.heading} tabIndex={-1}>
          {phase === "loading"
            ? s.loading
            : phase === "error"
              ? s.loadError
              : comments.length || count
                ? plural(s.count, options.lang, count)
                : s.empty}
        </h2>
        {extras && comments.length > 1 && <extras.SortControl ctx={ctx} />}
        {extras && <extras.FromStart ctx={ctx} />}
        {extras && phase === "ready" && <extras.NewComments ctx={ctx} count={count} />}
        {comments.length > 0 && <CommentList ctx={ctx} comments={comments} depth={1} />}
        {cursor &&
          (extras ? (
            <extras.LoadMore ctx={ctx} cursor={cursor} />
          ) : (
            <button type="button" class="more" disabled>
              {s.loadMore}
            </button>
          ))}
        {extras && thread && <extras.Reactions ctx={ctx} counts={thread.reactions} />}
        {thread?.closed ? (
          <p>{s.closed}</p>
        ) : ui ? (
          <ui.CommentForm ctx={ctx} />
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
}
