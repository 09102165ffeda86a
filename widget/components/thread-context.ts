/**
 * What every part of the thread shares. The App owns the state and hands this object down
 * as the `ctx` prop, to its own components and to the interactive chunk's. (A plain prop
 * rather than Preact context: createContext and useContext would cost the first paint
 * about 250 bytes gzip, for a tree only three levels deep.)
 */
import type { RefObject } from "preact";
import type { Dispatch, StateUpdater } from "preact/hooks";
import type { Comment, Config } from "../api";
import type { Strings } from "../i18n/en";
import type { Options } from "../options";
import type { AuthorFields, OwnComment } from "../interactive/storage";

export type Interactive = typeof import("../interactive/index");
type Setter<T> = Dispatch<StateUpdater<T>>;

export interface ThreadContextValue {
  options: Options;
  s: Strings;
  lang: string;
  config: Config;
  closed: boolean;
  comments: Comment[];
  setComments: Setter<Comment[]>;
  /** Comments this browser posted on this page, by id (filled by the interactive chunk). */
  own: Record<string, OwnComment>;
  setOwn: Setter<Record<string, OwnComment>>;
  /** Shared by the main form and every reply form, so nothing is typed twice. */
  author: AuthorFields;
  setAuthor: Setter<AuthorFields>;
  remember: boolean;
  setRemember: Setter<boolean>;
  adjustCount: (delta: number) => void;
  announce: (message: string) => void;
  /** The id of a comment that takes focus when it mounts (a freshly posted one). */
  focusNext: { current: string | null };
  headingRef: RefObject<HTMLHeadingElement>;
  /** The interactive chunk once loaded; until then the thread is read-only. */
  ui: Interactive | null;
}

export interface WithContext {
  ctx: ThreadContextValue;
}
