import type { WithContext } from "../components/thread-context";
import { Field } from "./field";
import { loadAuthor, saveAuthor } from "./storage";
import type { FieldErrors } from "./validate";

interface Props extends WithContext {
  formId: string;
  errors: FieldErrors;
  /** The site asks for an address, or the reader asked for mail. */
  emailRequired: boolean;
}

/**
 * The threads (by their author setter) whose shared fields have the remembered author: once
 * per thread, and a single-page site's next thread gets them again.
 */
const restored = new WeakSet<object>();

/**
 * Name, email and website, shared by every form on the page (ctx.author), and "Save my name,
 * email, and website in this browser", which brings them back on the reader's next visit;
 * for a signed-in user of the site (single sign-on), none of them.
 */
export function AuthorFields({ ctx, formId, errors, emailRequired }: Props) {
  const { s, author, setAuthor, config, extras } = ctx;
  // Single sign-on: "Signed in as …" (nothing to type), or "Sign in to comment" above the fields.
  const signIn = extras && <extras.SignIn ctx={ctx} />;
  if (ctx.options.sso) return signIn;
  // While the first form is drawn (the thread draws again at once, before the browser takes
  // the reader's next key or click), not in an effect: an effect runs a frame later, when the
  // reader may already have typed into these fields, and would overwrite what they typed.
  const saved = restored.has(setAuthor) ? null : loadAuthor();
  restored.add(setAuthor);
  if (saved) {
    setAuthor(saved);
    ctx.setRemember(true);
  }
  /** What the three fields share: their id, label ("Name", …), error, and ctx.author. */
  const bind = (name: "name" | "email" | "website") => ({
    id: formId,
    name,
    label: s[name],
    error: errors[name],
    value: author[name],
    onInput: (e: Event) =>
      setAuthor({ ...author, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <>
      {signIn}
      <Field required={config.requireName} autoComplete="name" maxLength={100} {...bind("name")} />
      <Field
        type="email"
        required={emailRequired}
        autoComplete="email"
        maxLength={254}
        {...bind("email")}
      />
      <Field type="url" autoComplete="url" maxLength={2000} {...bind("website")} />
      <p class="check">
        <input
          type="checkbox"
          id={`${formId}-remember`}
          checked={ctx.remember}
          onChange={(e) => {
            ctx.setRemember(e.currentTarget.checked);
            if (!e.currentTarget.checked) saveAuthor(null);
          }}
        />
        <label for={`${formId}-remember`}>{s.remember}</label>
      </p>
    </>
  );
}
