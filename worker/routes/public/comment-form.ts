/**
 * POST /api/comments/form: the server-rendered thread's plain HTML form, for readers
 * without JavaScript. The fields become the JSON API's comment and go through the very
 * same pipeline (routes/post-comment.ts): the same rules, limits, form token and honeypot,
 * and an origin from Origin or Referer. A stored comment sends the reader back to the
 * article, at the comment or at "Your comment is awaiting moderation." (`#parley-pending`);
 * anything else answers a small page saying what went wrong, with a way back.
 */
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { ApiError } from "../../errors";
import { linkPage } from "../../mail/page";
import { commentFormSchema, newCommentSchema } from "../../schemas/reader";
import { parseInput, readForm as readFormBody } from "../../validation";
import { declare, type DeclaredRouter } from "../declare";
import { acceptComment } from "./post-comment";

const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

export function commentFormRoutes(api: DeclaredRouter): void {
  api.route(formDeclaration, postCommentForm);
}

/**
 * Its answers are pages for people, so the form is read here (not by the router, whose
 * refusals are JSON), with the declared schema. A body over the API's limit is refused
 * before the route is reached (middleware/body-limit.ts), in the API's JSON.
 */
const formDeclaration = declare({
  method: "post",
  path: "/comments/form",
  errors: [413],
  page: { statuses: [303, 400, 403, 404, 409, 415, 429, 503], noStore: true },
  form: commentFormSchema,
});

async function postCommentForm(c: Context<AppEnv>) {
  let url: string | undefined;
  try {
    const fields = await readForm(c);
    if (!fields.success) throw new ApiError("invalid_input", "The form could not be read.");
    const form = fields.data;
    url = form.url;
    const answer = (await acceptComment(
      c,
      parseInput(newCommentSchema, {
        site: form.site,
        page: { key: form.page, url: form.url, title: form.title || null },
        parentId: form.parentId || null,
        author: { name: form.name ?? "", email: form.email, website: form.website },
        body: form.body,
        formToken: form.formToken,
        honeypot: form.honeypot,
      }),
      { form: true },
    )) as { comment: { id: string; status: string } };
    // The pipeline checked the page's address is on one of the site's origins.
    const back = new URL(form.url!);
    back.hash =
      answer.comment.status === "approved" ? `comment-${answer.comment.id}` : "parley-pending";
    return c.redirect(back.href, 303);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return failurePage(c, error, url);
  }
}

async function readForm(c: Context<AppEnv>) {
  if (!formTypes.test(c.req.header("Content-Type") ?? "")) {
    throw new ApiError("unsupported_media_type", "Send the form as a browser does.");
  }
  const body = await readFormBody(c);
  // A repeated field is not something this form sends.
  const single = Object.values(body).every((value) => typeof value === "string");
  return single ? commentFormSchema.safeParse(body) : commentFormSchema.safeParse(null);
}

/** What went wrong, in words, with a link back to the article it came from. */
async function failurePage(c: Context<AppEnv>, error: ApiError, url: string | undefined) {
  const sameOrigin = (a: string | undefined, b: string | undefined) => {
    try {
      return Boolean(a && b) && new URL(a!).origin === new URL(b!).origin;
    } catch {
      return false;
    }
  };
  const from = c.req.header("Origin") ?? c.req.header("Referer");
  const back = url && /^https?:/i.test(url) && sameOrigin(url, from) ? url : undefined;
  const details = Object.values(error.fields ?? {});
  const response = await linkPage(
    {
      language: "en",
      heading: error.message,
      details,
      link: back
        ? { label: "Back to the article", href: `${back.split("#")[0]}#parley-form` }
        : undefined,
    },
    error.status,
  );
  for (const [name, value] of Object.entries(error.headers ?? {}))
    response.headers.set(name, value);
  return response;
}
