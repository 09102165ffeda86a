/**
 * Privacy requests (owner only): look up everything stored about an email, download it as
 * JSON, and erase it after typing the address a second time.
 */
import { useState } from "preact/hooks";
import { eraseAuthor, exportAuthor, type AuthorData } from "../api";
import type { DeskContext } from "../desk-context";
import { saveFile } from "../save-file";
import { plural } from "../../worker/domain/plural";

/** "1 comment", "3 comments": the desk speaks English only. */
const counted = (n: number, one: string, other: string) =>
  plural({ one: `{n} ${one}`, other: `{n} ${other}` }, "en", n);

function download(found: AuthorData) {
  const blob = new Blob([JSON.stringify(found, null, 2)], { type: "application/json" });
  saveFile(blob, `parley-${found.email}.json`);
}

/** What is stored about the address, its export, and the erase, once typed again. */
function Found(props: {
  found: AuthorData;
  again: string;
  onAgain: (again: string) => void;
  onErase: (event: Event) => void;
}) {
  const { found } = props;
  return (
    <section aria-label="What is stored">
      <p>
        {found.email}: {counted(found.comments.length, "comment", "comments")},{" "}
        {counted(found.bans.length, "ban", "bans")}, known on{" "}
        {counted(found.knownOnSites.length, "site", "sites")}, verified on{" "}
        {counted(found.verifiedOnSites.length, "site", "sites")},{" "}
        {counted(found.mail.subscriptions.length, "mail subscription", "mail subscriptions")}.
      </p>
      <button type="button" onClick={() => download(found)}>
        Download the export
      </button>
      <form onSubmit={props.onErase} class="danger">
        <label for="privacy-again">Type the address again to erase all of it</label>
        <input
          id="privacy-again"
          type="email"
          value={props.again}
          onInput={(e) => props.onAgain(e.currentTarget.value)}
        />
        <button
          type="submit"
          class="danger"
          disabled={props.again.trim().toLowerCase() !== found.email}
        >
          Erase
        </button>
      </form>
    </section>
  );
}

export function Privacy({ ctx }: { ctx: DeskContext }) {
  const [email, setEmail] = useState("");
  const [found, setFound] = useState<AuthorData | null>(null);
  const [again, setAgain] = useState("");
  const [message, setMessage] = useState("");

  async function lookUp(event: Event) {
    event.preventDefault();
    setMessage("");
    try {
      setFound(await exportAuthor(email.trim()));
      setAgain("");
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  async function erase(event: Event) {
    event.preventDefault();
    const { erased } = await eraseAuthor(found!.email);
    const said = `Erased everything of ${found!.email}: ${counted(erased, "comment", "comments")}.`;
    setFound(null);
    setEmail("");
    setMessage(said);
    ctx.announce(said);
  }

  return (
    <main class="privacy">
      <h2>Privacy requests</h2>
      <form onSubmit={lookUp} class="inline">
        <label for="privacy-email">Email address</label>
        <input
          id="privacy-email"
          type="email"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit">Look up</button>
      </form>
      {message && <p role="alert">{message}</p>}
      {found && <Found found={found} again={again} onAgain={setAgain} onErase={erase} />}
    </main>
  );
}
