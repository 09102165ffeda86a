/**
 * Helpers for readers who are known (issue 27): asking for the verification or "my
 * comments" mail, following its link as a browser would, and the reader token it hands out.
 */
import { expect } from "vitest";
import { callSettled, json, origin } from "./helpers";
import { linkIn, pressLink, type FakeEmail } from "./mail";

let networks = 0;
/** A network no other request of the file used: the per-network limit spans every site. */
const freshNetwork = () => `10.27.${Math.floor(++networks / 250)}.${networks % 250}`;

/** POST /api/readers/mail, settled (its mail is delivered after the response). */
export function askForMail(
  mail: FakeEmail,
  site: string,
  email: string,
  purpose: "verify" | "mine",
  network = freshNetwork(),
): Promise<Response> {
  return callSettled(
    "/api/readers/mail",
    json("POST", { site, email, purpose, page: `${origin}/post` }, { "CF-Connecting-IP": network }),
    mail.bindings,
  );
}

/** The link of the last mail to `email` of this purpose. */
export function lastLink(mail: FakeEmail, email: string, purpose: "verify" | "mine"): string {
  const label = purpose === "verify" ? "Verify my email" : "Show my comments";
  const found = mail.to(email).filter((sent) => sent.text.includes(`${label}: `));
  expect(found.length, `a "${label}" mail to ${email}`).toBeGreaterThan(0);
  return linkIn(found.at(-1)!, label);
}

/** The reader token in the verification page's way back (`#parley-reader=`). */
export function readerTokenIn(page: string): string {
  const token = /#parley-reader=([\w.-]+)"/.exec(page)?.[1];
  expect(token, `a reader token in:\n${page}`).toBeDefined();
  return token!;
}

/** Verifies `email` on `site` as a browser does: asks, follows the mail's link, presses. */
export async function verifiedBrowser(
  mail: FakeEmail,
  site: string,
  email: string,
): Promise<string> {
  expect((await askForMail(mail, site, email, "verify")).status).toBe(202);
  const done = await pressLink(mail, lastLink(mail, email, "verify"));
  const page = await done.text();
  expect(done.status, page).toBe(200);
  return readerTokenIn(page);
}

/** The "my comments" page's own token, from one of its forms. */
export function pageTokenIn(page: string): string {
  const token = /name="t" value="([\w.-]+)"/.exec(page)?.[1];
  expect(token, `a page token in:\n${page}`).toBeDefined();
  return token!;
}
