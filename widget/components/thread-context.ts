/**
 * What every part of the thread shares. The App owns the state and hands this object down
 * as the `ctx` prop, to its own components and to the chunks'. (A plain prop rather than
 * Preact context: createContext and useContext would cost the first paint about 250 bytes
 * gzip, for a tree only three levels deep.)
 */
import type { RefObject } from "preact";
import type { Dispatch, StateUpdater } from "preact/hooks";
import type { Comment, Config } from "../api";
import type { Strings } from "../i18n/en";
import type { Options } from "../options";
import type { AuthorFields, OwnComment } from "../interactive/storage";

/** The chunk that draws the forms: what "ready to type" waits for. */
export type FormChunk = typeof import("../interactive/index");
/** The chunk after it: one's own comments, more replies, links to a comment, Turnstile. */
export type ExtrasChunk = typeof import("../extras/index");
export type Setter<T> = Dispatch<StateUpdater<T>>;

export interface ThreadContextValue {
  options: Options;
  s: Strings;
  config: Config;
  closed: boolean;
  comments: Comment[];
  setComments: Setter<Comment[]>;
  /** The list's next page (set by "load more", and by a jump to a linked comment). */
  setCursor: Setter<string | null>;
  /** Comments this browser posted on this page, by id (filled by the extras chunk). */
  own: Record<string, OwnComment>;
  setOwn: Setter<Record<string, OwnComment>>;
  /** Shared by the main form and every reply form, so nothing is typed twice. */
  author: AuthorFields;
  setAuthor: Setter<AuthorFields>;
  remember: boolean;
  setRemember: Setter<boolean>;
  adjustCount: (delta: number) => void;
  announce: (message: string) => void;
  headingRef: RefObject<HTMLHeadingElement>;
  /** This object as it is now: for code that outlives a render (links.ts). */
  current: () => ThreadContextValue;
  /** The form chunk once loaded; until then the thread is read-only. */
  ui: FormChunk | null;
  extras: ExtrasChunk | null;
}

export interface WithContext {
  ctx: ThreadContextValue;
}
