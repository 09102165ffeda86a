/**
 * Cloudflare Turnstile on the form, for sites that turn it on (config.turnstileSiteKey). Its
 * script is a third-party request, so it loads on the reader's first focus of a form, never
 * on first paint and never on sites without a key. The challenge itself lives in the page's
 * light DOM, slotted into the form: Turnstile renders into an element of the document, which
 * an element inside our shadow root is not.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { ThreadContextValue } from "../components/thread-context";

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

interface RenderedWidget {
  container: HTMLElement;
  api?: TurnstileApi;
  id?: string | undefined;
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

export function useTurnstile(ctx: ThreadContextValue, formId: string) {
  const siteKey = ctx.config.turnstileSiteKey;
  const slotName = `parley-turnstile-${formId}`;
  const [token, setToken] = useState<string | null>(null);
  const widget = useRef<RenderedWidget | null>(null);

  function start() {
    if (!siteKey || widget.current) return;
    const container = document.createElement("div");
    container.slot = slotName;
    ctx.options.target.append(container);
    const current: RenderedWidget = { container };
    widget.current = current;
    loadTurnstile().then(
      (api) => {
        current.api = api;
        current.id = api.render(container, {
          sitekey: siteKey,
          // The Worker checks the action: a token solved for another form does not pass.
          action: "parley-comment",
          theme: ctx.options.theme,
          language: ctx.lang,
          "response-field": false,
          callback: (value: string) => setToken(value),
          "expired-callback": () => setToken(null),
          "error-callback": () => {
            setToken(null);
            return true;
          },
        });
      },
      (error) => {
        widget.current = null;
        container.remove();
        console.error("[parley] could not load Cloudflare Turnstile", error);
      },
    );
  }

  /** Tokens are single-use: after every submission the challenge runs again. */
  function reset() {
    setToken(null);
    const current = widget.current;
    if (current?.api && current.id) current.api.reset(current.id);
  }

  useEffect(
    () => () => {
      const current = widget.current;
      if (current?.api && current.id) current.api.remove(current.id);
      current?.container.remove();
    },
    [],
  );

  return { enabled: Boolean(siteKey), token, start, reset, slotName };
}
