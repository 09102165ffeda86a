import type { FormExtrasProps } from "../components/thread-context";
import { Identity } from "./identity";
import { Notify } from "./notify";

/**
 * What the extras add to a form once they are in: the mail opt-in where the site offers it,
 * and, under the thread's own form (not a reply's), verifying one's email and "my comments"
 * where the site mails readers (not for a signed-in user of the site, single sign-on). The
 * form itself carries none of it.
 */
export function FormExtras({ reply, ...notify }: FormExtrasProps) {
  const { config, options } = notify.ctx;
  // Both ask for the address a reader typed; a signed-in user typed none.
  if (options.sso) return null;
  return (
    <>
      {config.notifications && <Notify {...notify} />}
      {config.verification && !reply && <Identity ctx={notify.ctx} />}
    </>
  );
}
