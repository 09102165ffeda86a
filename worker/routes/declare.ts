/**
 * One declaration per route: its method, path, inputs and answers, written once beside the
 * handler. The handler gets its input parsed by exactly the declared schemas, and the
 * OpenAPI document (openapi/, at build time) is built from the same declarations, so the
 * two cannot drift. Summaries and field descriptions live in openapi/ only: they cost the
 * Worker nothing.
 */
import type { Context } from "hono";
import { Hono } from "hono/tiny";
import type * as z from "zod";
import type { AppEnv } from "../env";
import { parseInput, readForm, readJson } from "../validation";
import { requireOwner } from "./site-lookup";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** Who a router serves: it decides the security scheme and CORS the document states. */
export type Audience = "public" | "moderation" | "operations" | "integrations";

export interface Declaration {
  method: Method;
  /** Relative to its router's base, with `:name` parameters. */
  path: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Request headers, by their names as sent. */
  headers?: z.ZodObject;
  /** A JSON body. */
  body?: z.ZodType;
  /** What a 415 says to a body that is not JSON, where there is a better way than "send JSON". */
  wrongType?: string;
  /**
   * A form body (application/x-www-form-urlencoded), for pages people post from; on a route
   * that answers with a page, its handler reads it (to answer a bad one with a page).
   */
  form?: z.ZodObject;
  /** The success status (200 unless said). */
  status?: number;
  /** Other success statuses answering with the same `response` (a repeat's 200, say). */
  alsoStatus?: readonly number[];
  /** The JSON answer of the success status. */
  response?: z.ZodType;
  /** Every other status the route answers with, JSON errors of the contract. */
  errors: readonly number[];
  /** Answers carry an ETag; a matching If-None-Match gets 304. */
  conditional?: boolean;
  /**
   * An answer for people (HTML, Atom) rather than JSON: its statuses and content type, and
   * whether its pages are one person's (a mail link's, a form's message) that no cache may
   * keep (`Cache-Control: no-store`, mail/page.ts).
   */
  page?: { statuses: readonly number[]; contentType?: string; noStore?: true };
  /** The success answer is a file to save (`Content-Disposition: attachment`). */
  download?: true;
  /** The owner's alone (a named moderator gets 403): checked before any input is read. */
  owner?: true;
}

/** A declaration, its literal types kept (the handler's input is typed from them). */
export const declare = <const D extends Declaration>(declaration: D): D => declaration;

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

export interface Input<D extends Declaration> {
  params: Parsed<D["params"]>;
  query: Parsed<D["query"]>;
  headers: Parsed<D["headers"]>;
  body: Parsed<D["body"]> extends undefined ? Parsed<D["form"]> : Parsed<D["body"]>;
}

export type Handler<D extends Declaration> = (
  c: Context<AppEnv>,
  input: Input<D>,
) => Response | Promise<Response>;

/** A router of one audience: the Hono app to mount, and what it declares. */
export interface DeclaredRouter {
  base: string;
  audience: Audience;
  app: Hono<AppEnv>;
  declarations: Declaration[];
  /** Registers the handler under its declaration. */
  route<D extends Declaration>(declaration: D, handler: Handler<D>): void;
}

export function declaredRouter(base: string, audience: Audience): DeclaredRouter {
  const app = new Hono<AppEnv>();
  const declarations: Declaration[] = [];
  return {
    base,
    audience,
    app,
    declarations,
    route(declaration, handler) {
      declarations.push(declaration);
      app.on(declaration.method.toUpperCase(), declaration.path, async (c) => {
        if (declaration.owner) requireOwner(c);
        return handler(c, await readInput(c, declaration));
      });
    },
  };
}

/** The request's parts, each parsed by its declared schema (400 naming each bad field). */
async function readInput<D extends Declaration>(c: Context<AppEnv>, d: D): Promise<Input<D>> {
  const parse = (schema: z.ZodType | undefined, raw: () => unknown) =>
    schema ? parseInput(schema, raw()) : undefined;
  const params = parse(d.params, () => c.req.param());
  const query = parse(d.query, () => queryOf(c, d.query!));
  const headers = parse(d.headers, () =>
    Object.fromEntries(Object.keys(d.headers!.shape).map((name) => [name, c.req.header(name)])),
  );
  // A page's form is read by its handler, which answers a bad one with a page, not JSON.
  const body = d.body
    ? parseInput(d.body, await readJson(c, d.wrongType))
    : d.form && !d.page
      ? parseInput(d.form, await readForm(c))
      : undefined;
  return { params, query, headers, body } as Input<D>;
}

/** Query parameters by the schema's names; a name whose schema takes a list gets every value. */
function queryOf(c: Context<AppEnv>, schema: z.ZodObject): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => [
      name,
      takesList(field as z.ZodType) ? (c.req.queries(name) ?? []) : c.req.query(name),
    ]),
  );
}

/** Whether the schema, under any optional, default or pipe around it, is an array's. */
function takesList(field: z.ZodType): boolean {
  type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType };
  let def = field._zod.def as Def;
  for (let inner = def.innerType ?? def.in; inner; inner = def.innerType ?? def.in) {
    def = inner._zod.def as Def;
  }
  return def.type === "array";
}
