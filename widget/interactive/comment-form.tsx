import { useEffect, useRef, useState } from "preact/hooks";
import type { NotifyScope, WithContext } from "../components/thread-context";
import { fill } from "../i18n";
import { AuthorFields } from "./author-fields";
import { BotChecks } from "./bot-checks";
import { useFormId } from "./form-id";
import { PreviewTabs } from "./preview-tabs";
import { SubmitRow } from "./submit-row";
import { sending, useSubmission } from "./use-submission";

interface Props extends WithContext {
  parentId?: string;
  replyTo?: string;
  /** Reply forms close after posting (true) or on cancel (false). */
  onClose?: (posted: boolean) => void;
}

/**
 * The WordPress-familiar "Leave a Reply" form, used for the thread and for inline replies;
 * where only the site's signed-in users may comment and the reader is not one, no form, but
 * what the extras say about signing in.
 */
export function CommentForm({ ctx, parentId, replyTo, onClose }: Props) {
  const { config, extras } = ctx;
  const id = useFormId();
  const [body, setBody] = useState("");
  const [preview, setPreview] = useState<string | null>(null);
  const [notify, setNotify] = useState<NotifyScope | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusField = (name: string) =>
    formRef.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
  const submission = useSubmission(ctx, {
    sent: () => {
      setBody("");
      setPreview(null);
      onClose?.(true);
    },
    refused: (field) => {
      setPreview(null);
      focusField(field);
    },
  });
  useEffect(() => {
    if (parentId) focusField("body");
  }, []);
  const formExtras = { ctx, formId: id, value: notify, onChange: setNotify, reply: !!parentId };
  if (!ctx.options.sso && !config.signIn.anonymous) return extras && <extras.SignIn ctx={ctx} />;

  return (
    <form
      class="form"
      ref={formRef}
      onSubmit={(event) => {
        event.preventDefault();
        void submission.submit({ body, parentId, notify });
      }}
      onFocusIn={() => void sending()}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <FormHeading ctx={ctx} formId={id} replyTo={replyTo} onClose={onClose} />
      <PreviewTabs
        ctx={ctx}
        formId={id}
        body={body}
        setBody={setBody}
        preview={preview}
        setPreview={setPreview}
        submission={submission}
      />
      <AuthorFields
        ctx={ctx}
        formId={id}
        errors={submission.told?.fields ?? {}}
        emailRequired={config.requireEmail || notify !== null}
      />
      {extras && <extras.FormExtras {...formExtras} />}
      <BotChecks ctx={ctx} formId={id} submission={submission} />
      <SubmitRow ctx={ctx} submission={submission} retry={() => formRef.current?.requestSubmit()} />
    </form>
  );
}

/** "Leave a Reply" (to whom, on a reply, which can be cancelled), and what the form asks. */
function FormHeading({ ctx: { s }, formId, replyTo, onClose }: Props & { formId: string }) {
  return (
    <>
      <h3 class="form-title" id={`${formId}-title`}>
        {replyTo ? fill(s.replyTo, { name: replyTo }) : s.leaveReply}
      </h3>
      {onClose && (
        <button type="button" class="link" onClick={() => onClose(false)}>
          {s.cancelReply}
        </button>
      )}
      <p class="note">{s.notice}</p>
    </>
  );
}
