/**
 * Sending the comment form: busy while a draft is on its way, what shows a person sends it
 * (the honeypot, the Turnstile token), the attempt whose Idempotency-Key a retry of the same
 * draft reuses, and what the reader is told when it does not go through. The code that
 * sends is send.ts, a chunk of its own.
 */
import { useRef, useState } from "preact/hooks";
import type { ThreadContextValue } from "../components/thread-context";
import type { Explained } from "./errors";
import type { Attempt, Draft } from "./send";
import type { Field } from "./validate";

/** Sending and previewing, fetched on the first focus of any form (see send.ts). */
export const sending = () => import("./send");

/**
 * The fields in the form's order: the first one at fault gets the focus. (errors.ts has the
 * same list; importing it would bring that module into the form's chunk.)
 */
const fieldOrder: Field[] = ["body", "name", "email", "website"];

interface Handlers {
  /** Posted: the form empties (a reply form closes). */
  sent: () => void;
  /** Refused because of what a field holds: the form shows that field. */
  refused: (field: Field) => void;
}

export type Submission = ReturnType<typeof useSubmission>;

export function useSubmission(ctx: ThreadContextValue, { sent, refused }: Handlers) {
  const { s } = ctx;
  const [busy, setBusy] = useState(false);
  const [told, setTold] = useState<Explained | null>(null);
  /** After a post that asked for mail the first time: check the inbox. */
  const [confirmMail, setConfirmMail] = useState(false);
  /** What shows a person sends: the honeypot left empty, the Turnstile token. */
  const [honeypot, setHoneypot] = useState("");
  const [token, setToken] = useState<string | null>(null);
  const [resets, setResets] = useState(0);
  const attempt = useRef<Attempt | null>(null);

  /** Sends the draft, unless one is already on its way. */
  async function submit(draft: Omit<Draft, "honeypot" | "turnstileToken">) {
    if (busy) return;
    setBusy(true);
    setTold(null);
    setConfirmMail(false);
    ctx.announce(s.posting);
    const outcome = await sending().then(
      (code) => code.send(ctx, { ...draft, honeypot, turnstileToken: token }, attempt),
      // Its code could not be fetched: the server was out of reach, as far as the reader can
      // tell. The text stays, the button works again, and "Try again" fetches it once more.
      (): Explained => ({ fields: {}, message: s.offline, retry: true, verify: false }),
    );
    setBusy(false);
    setTold("sent" in outcome ? null : outcome);
    if (token) {
      // Tokens are single-use: whatever the answer, the challenge runs again.
      setToken(null);
      setResets((n) => n + 1);
    }
    if ("sent" in outcome) {
      setConfirmMail(outcome.subscription === "awaiting-confirmation");
      return sent();
    }
    const firstField = fieldOrder.find((field) => outcome.fields[field]);
    ctx.announce(firstField ? outcome.fields[firstField]! : outcome.message);
    if (firstField) refused(firstField);
  }

  return { busy, told, setTold, confirmMail, honeypot, setHoneypot, setToken, resets, submit };
}
