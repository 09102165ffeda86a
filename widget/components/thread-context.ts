/**
 * What every part of the thread shares. The App owns the state and hands this object down
 * as the `ctx` prop, to its own components and to the chunks'. (A plain prop rather than
 * Preact context: createContext and useContext would cost the first paint about 250 bytes
 * gzip, for a tree only three levels deep.)
 *
 * It also declares what the thread expects of the two chunks it loads, and the props of the
 * components one part draws from another. The chunks import this file; it imports neither
 * of them, so nothing here leads back to their code. components/app.tsx, which loads them,
 * checks that each chunk's module provides its interface.
 */
import type { FunctionComponent, RefObject } from "preact";
import type { Dispatch, StateUpdater } from "preact/hooks";
import type { Comment, Config } from "../api";
import type { Strings } from "../i18n/en";
import type { enExtras } from "../i18n/en-extras";
import type { enForm } from "../i18n/en-form";
import type { Options } from "../options";
import type { Bindings } from "../interactive/shim";
import type { OwnComment } from "../interactive/own-storage";
import type { AuthorFields } from "../interactive/storage";

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

export interface OnComment extends WithContext {
  comment: Comment;
}

/** The page's reactions bar, with the counts the list came with. */
export interface ReactionsProps extends WithContext {
  counts: Record<string, number>;
}

/** What is open on a comment: a reply form (the form chunk's), its edit form (the extras'). */
export type Mode = "reply" | "edit" | null;

export interface ActionsProps extends OnComment {
  depth: number;
  mode: Mode;
  setMode: (mode: Mode) => void;
}

export interface EditFormProps extends OnComment {
  own: OwnComment;
  onClose: () => void;
}

export interface OwnActionsProps extends OnComment {
  own: OwnComment;
  onEdit: () => void;
}

/** Mail about follow-up comments: replies to the reader's own, or all on the page. */
export type NotifyScope = "replies" | "all";

export interface NotifyProps extends WithContext {
  formId: string;
  value: NotifyScope | null;
  onChange: (value: NotifyScope | null) => void;
}

/** The extras' part of a form: the mail opt-in, and (not on a reply's) verifying one's email. */
export interface FormExtrasProps extends NotifyProps {
  reply: boolean;
}

export interface TurnstileProps extends WithContext {
  formId: string;
  onToken: (token: string | null) => void;
  /** Changes after every submission: tokens are single-use, so the challenge runs again. */
  reset: number;
}

/** What both chunks hand over: a way onto embed.js's Preact, their styles, their English. */
interface Chunk<English> {
  bind(preact: Bindings): void;
  css: string;
  strings: English;
}

/** The chunk that draws the forms (interactive/index.ts): what "ready to type" waits for. */
export interface FormChunk extends Chunk<typeof enForm> {
  CommentForm: FunctionComponent<WithContext>;
  Actions: FunctionComponent<ActionsProps>;
}

/**
 * The chunk after it (extras/index.ts): one's own comments, more replies, links to a
 * comment, Turnstile, mail about follow-ups, verifying one's email and "my comments", and
 * taking over a server-rendered thread.
 */
export interface ExtrasChunk extends Chunk<typeof enExtras> {
  /** Runs once, when both chunks are in. */
  start(ctx: ThreadContextValue): void;
  EditForm: FunctionComponent<EditFormProps>;
  FromStart: FunctionComponent<WithContext>;
  Like: FunctionComponent<OnComment>;
  SortControl: FunctionComponent<WithContext>;
  LoadMore: FunctionComponent<WithContext & { cursor: string }>;
  MoreReplies: FunctionComponent<OnComment>;
  NewComments: FunctionComponent<WithContext & { count: number }>;
  FormExtras: FunctionComponent<FormExtrasProps>;
  OwnActions: FunctionComponent<OwnActionsProps>;
  Reactions: FunctionComponent<ReactionsProps>;
  Report: FunctionComponent<OnComment>;
  /** "Signed in as …", or "Sign in to comment" (single sign-on). */
  SignIn: FunctionComponent<WithContext>;
  Turnstile: FunctionComponent<TurnstileProps>;
}
