/**
 * Who the reader is, proved (issue 27), under the thread's form where the site mails
 * readers (config.verification): "Verify my email" mails a link that verifies this browser
 * (its reader token comes back in the address's fragment, fragment-tokens.ts); once
 * verified, a note saying so and "Forget this browser" (the token is revoked on the server
 * too). "My comments" mails a link to the page of everything the address wrote on the site.
 * The answer is the same for any address, so all the reader is told is to check their mail.
 */
import { useState } from "preact/hooks";
import { askReaderMail, revokeReader, type ApiError } from "../api";
import type { WithContext } from "../components/thread-context";
import { explain } from "../interactive/errors";
import { forgetToken, loadToken } from "./fragment-tokens";

export function Identity({ ctx }: WithContext) {
  const { s, options } = ctx;
  // Read on every render: the extras forget a token the server refuses (own-comments.ts).
  const token = loadToken("reader", options.site);
  const [, setForgotten] = useState(false);
  const [told, setTold] = useState("");
  const [busy, setBusy] = useState(false);

  async function ask(purpose: "verify" | "mine") {
    const email = ctx.author.email.trim();
    if (!email) return setTold(s.emailFirst);
    setBusy(true);
    try {
      const page = options.page.url;
      await askReaderMail(options, { site: options.site, email, purpose, page });
      setTold(purpose === "verify" ? s.verifySent : s.mineSent);
    } catch (error) {
      const values = { body: "", email, maxLength: ctx.config.maxLength };
      const refused = (error as ApiError).code === "invalid_input";
      setTold(refused ? s.badEmail : explain(error, s, options.lang, values).message);
    } finally {
      setBusy(false);
    }
  }

  async function forget() {
    forgetToken("reader", options.site);
    setForgotten(true);
    // Gone from this browser either way; revoked on the server when it can be reached.
    await revokeReader(options, options.site, token!).catch(() => undefined);
  }

  return (
    <div class="identity">
      {token ? (
        <p class="note">
          {s.verifiedHere}{" "}
          <button type="button" class="link" onClick={forget}>
            {s.forgetBrowser}
          </button>
        </p>
      ) : (
        <button type="button" class="link" disabled={busy} onClick={() => ask("verify")}>
          {s.verifyEmail}
        </button>
      )}{" "}
      <button type="button" class="link" disabled={busy} onClick={() => ask("mine")}>
        {s.myComments}
      </button>
      <p class="note" role="status">
        {told}
      </p>
    </div>
  );
}
