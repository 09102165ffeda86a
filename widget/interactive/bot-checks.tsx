import type { WithContext } from "../components/thread-context";
import type { Submission } from "./use-submission";

interface Props extends WithContext {
  formId: string;
  submission: Submission;
}

/**
 * What shows a person sends: the honeypot, invisible and unreachable for people, tempting for
 * form-filling bots; and Turnstile, on sites that turn it on, with its own refusal.
 */
export function BotChecks({ ctx, formId, submission }: Props) {
  const { extras, config } = ctx;
  const { told } = submission;
  return (
    <>
      <div class="hp" aria-hidden="true">
        <label>
          Homepage
          <input
            name="parley-homepage"
            tabIndex={-1}
            autoComplete="off"
            value={submission.honeypot}
            onInput={(e) => submission.setHoneypot(e.currentTarget.value)}
          />
        </label>
      </div>
      {config.turnstileSiteKey && (
        <div class="verify">
          {extras && (
            <extras.Turnstile
              ctx={ctx}
              formId={formId}
              onToken={submission.setToken}
              reset={submission.resets}
            />
          )}
          {told?.verify && (
            <p class="error" role="alert">
              {told.message}
            </p>
          )}
        </div>
      )}
    </>
  );
}
