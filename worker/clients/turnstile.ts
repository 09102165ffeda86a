/**
 * Cloudflare Turnstile's siteverify, the one call that says whether a widget token is real
 * (developers.cloudflare.com/turnstile/get-started/server-side-validation). Fails closed:
 * an error, a timeout or an answer that does not parse is a failure, never a pass.
 */
import * as z from "zod";
import type { TurnstileOpinion } from "../domain/posting";

export const siteverifyUrl = "https://challenges.cloudflare.com/turnstile/v0/siteverify";

/** The action the widget renders with; a token solved for another form of the site fails. */
export const turnstileAction = "parley-comment";

const timeoutMs = 3000;

const siteverifyAnswer = z.object({
  success: z.boolean(),
  "error-codes": z.array(z.string()).default([]),
  hostname: z.string().optional(),
  action: z.string().optional(),
});

export async function verifyTurnstile(request: {
  secret: string;
  token: string | undefined;
  remoteIp: string | null;
  /** Hostnames the site's pages are served from: a token solved elsewhere is refused. */
  hostnames: string[];
}): Promise<TurnstileOpinion> {
  if (!request.token) return "missing";
  let answer: z.infer<typeof siteverifyAnswer>;
  try {
    const response = await fetch(siteverifyUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        secret: request.secret,
        response: request.token,
        ...(request.remoteIp ? { remoteip: request.remoteIp } : {}),
        // Lets Cloudflare recognise a retried request as the same validation.
        idempotency_key: crypto.randomUUID(),
      }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) {
      console.warn(`turnstile: siteverify answered ${response.status}`);
      return "unavailable";
    }
    const parsed = siteverifyAnswer.safeParse(await response.json());
    if (!parsed.success) {
      console.warn("turnstile: siteverify answered something unexpected");
      return "unavailable";
    }
    answer = parsed.data;
  } catch (error) {
    console.warn(`turnstile: siteverify failed: ${error instanceof Error ? error.name : "error"}`);
    return "unavailable";
  }
  if (!answer.success) return opinionOfErrors(answer["error-codes"]);
  if (!answer.hostname || !request.hostnames.includes(answer.hostname)) return "failed";
  if (answer.action !== turnstileAction) return "failed";
  return "passed";
}

function opinionOfErrors(codes: string[]): TurnstileOpinion {
  if (codes.includes("timeout-or-duplicate")) return "expired";
  if (codes.some((code) => code.includes("secret"))) {
    // The site owner's configuration, not the reader: say so where the owner will look.
    console.error(`turnstile: siteverify refused the secret (${codes.join(", ")})`);
    return "unavailable";
  }
  if (codes.includes("internal-error")) return "unavailable";
  return "failed";
}
