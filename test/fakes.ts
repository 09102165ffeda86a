/**
 * Stand-ins for the outside services these machines cannot reach. Only the outbound call is
 * replaced (a spy on `fetch`); the Worker's clients, their parsing and every decision around
 * them run for real.
 */
import { vi } from "vitest";

export const siteverifyUrl = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** Cloudflare's documented dummy keys (developers.cloudflare.com/turnstile/troubleshooting/testing). */
export const turnstileTestKeys = {
  siteKeyPasses: "1x00000000000000000000AA",
  secretPasses: "1x0000000000000000000000000000000AA",
  secretFails: "2x0000000000000000000000000000000AA",
  secretSpent: "3x0000000000000000000000000000000AA",
  /** What the dummy site keys hand the browser. */
  dummyToken: "XXXX.DUMMY.TOKEN.XXXX",
};

type FetchArgs = Parameters<typeof fetch>;

function urlOf(input: FetchArgs[0]): string {
  return typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
}

/**
 * Answers siteverify the way the dummy secrets do: the passing one with success (for the
 * hostname `example.com`, as Cloudflare's dummy answers say), the failing one with
 * `invalid-input-response`, the spent one with `timeout-or-duplicate`. `answer` replaces the
 * whole response for outage tests. Other URLs fall through to `others` (default: 404).
 */
export function fakeSiteverify(
  options: {
    hostname?: string;
    action?: string;
    answer?: () => Response | Promise<Response>;
    others?: (input: FetchArgs[0], init: FetchArgs[1]) => Promise<Response>;
  } = {},
) {
  const calls: Record<string, unknown>[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    if (urlOf(input) !== siteverifyUrl) {
      return options.others ? options.others(input, init) : new Response("", { status: 404 });
    }
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    calls.push(body);
    if (options.answer) return options.answer();
    const secret = String(body.secret);
    const failure = (code: string) =>
      Response.json({ success: false, "error-codes": [code], messages: [] });
    if (secret === turnstileTestKeys.secretFails) return failure("invalid-input-response");
    if (secret === turnstileTestKeys.secretSpent) return failure("timeout-or-duplicate");
    if (secret !== turnstileTestKeys.secretPasses) return failure("invalid-input-secret");
    return Response.json({
      success: true,
      challenge_ts: new Date().toISOString(),
      hostname: options.hostname ?? "example.com",
      "error-codes": [],
      action: options.action ?? "parley-comment",
      cdata: "",
      metadata: { interactive: false },
    });
  });
  return { spy, calls };
}

export const akismetCheckUrl = "https://rest.akismet.com/1.1/comment-check";

/**
 * Answers Akismet's REST API: comment-check with `verdict` ("true" is spam, "false" ham, or
 * any other body as a broken answer), submit-spam and submit-ham with their thank-you line.
 * Records every call's form fields by endpoint.
 */
export function fakeAkismet(
  options: {
    verdict?: string;
    proTip?: string;
    answer?: () => Response | Promise<Response>;
  } = {},
) {
  const calls: { endpoint: string; fields: Record<string, string> }[] = [];
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = urlOf(input);
    const match = /^https:\/\/rest\.akismet\.com\/1\.1\/([a-z-]+)$/.exec(url);
    if (!match) return new Response("", { status: 404 });
    const fields = Object.fromEntries(new URLSearchParams(String(init?.body)));
    calls.push({ endpoint: match[1]!, fields });
    if (options.answer) return options.answer();
    if (match[1] === "comment-check") {
      const headers = options.proTip ? { "X-akismet-pro-tip": options.proTip } : undefined;
      return new Response(options.verdict ?? "false", { headers });
    }
    return new Response("Thanks for making the web a better place.");
  });
  return { spy, calls, of: (endpoint: string) => calls.filter((c) => c.endpoint === endpoint) };
}

/**
 * A D1 that fails every query, to put in place of the database: a read that still answers
 * came from the read cache.
 */
const unreachable = () => {
  throw new Error("D1 was asked");
};
export const unreachableDb = {
  prepare: unreachable,
  batch: unreachable,
  withSession: () => ({ prepare: unreachable, batch: unreachable, getBookmark: () => null }),
};
