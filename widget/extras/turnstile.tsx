/**
 * Cloudflare Turnstile on a form, for sites that turn it on (config.turnstileSiteKey). Its
 * script is a third-party request, so it loads when a reader first focuses the form, never
 * on first paint and never on sites without a key. The challenge itself lives in the page's
 * light DOM, slotted into the form: Turnstile renders into an element of the document, which
 * an element inside our shadow root is not.
 */
import { useEffect, useRef } from "preact/hooks";
import type { TurnstileProps } from "../components/thread-context";

interface TurnstileApi {
  render(container: HTMLElement, options: Record<string, unknown>): string | undefined;
  reset(widgetId?: string): void;
  remove(widgetId?: string): void;
}

declare global {
  interface Window {
    turnstile?: TurnstileApi;
  }
}

export const turnstileScript =
  "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

let loading: Promise<TurnstileApi> | null = null;

/** The script, once per page; a failed load is tried again on the next focus. */
function loadTurnstile(): Promise<TurnstileApi> {
  loading ??= new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = turnstileScript;
    tag.async = true;
    tag.onload = () => (window.turnstile ? resolve(window.turnstile) : reject(new Error("empty")));
    tag.onerror = () => {
      loading = null;
      tag.remove();
      reject(new Error("not loaded"));
    };
    document.head.append(tag);
  });
  return loading;
}

export function Turnstile({ ctx, formId, onToken, reset }: TurnstileProps) {
  const slot = useRef<HTMLSlotElement>(null);
  const widget = useRef<{ container: HTMLElement; api?: TurnstileApi; id?: string }>(null);
  const name = `parley-turnstile-${formId}`;

  useEffect(() => {
    const form = slot.current!.closest("form")!;
    const start = () => {
      const container = document.createElement("div");
      container.slot = name;
      ctx.options.target.append(container);
      const current: NonNullable<typeof widget.current> = { container };
      widget.current = current;
      loadTurnstile().then(
        (api) => {
          current.api = api;
          current.id = api.render(container, {
            sitekey: ctx.config.turnstileSiteKey,
            // The Worker checks the action: a token solved for another form does not pass.
            action: "parley-comment",
            theme: ctx.options.theme,
            language: ctx.options.lang,
            "response-field": false,
            callback: (token: string) => onToken(token),
            "expired-callback": () => onToken(null),
            "error-callback": () => {
              onToken(null);
              return true;
            },
          });
        },
        (error) => {
          container.remove();
          widget.current = null;
          form.addEventListener("focusin", start, { once: true });
          console.error("[parley] could not load Cloudflare Turnstile", error);
        },
      );
    };
    form.addEventListener("focusin", start, { once: true });
    return () => {
      form.removeEventListener("focusin", start);
      const current = widget.current;
      if (current?.api && current.id) current.api.remove(current.id);
      current?.container.remove();
    };
  }, []);

  useEffect(() => {
    const current = widget.current;
    if (reset && current?.api && current.id) current.api.reset(current.id);
  }, [reset]);

  return <slot name={name} ref={slot} />;
}
