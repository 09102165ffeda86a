/**
 * A screen built apart from desk.js (scripts/build-assets.mjs), fetched the first time it is
 * opened: what few visits need (the import, with every converter) stays out of the desk's
 * first load. Its file name carries its content's hash, given to this build as
 * __PARLEY_DESK_SCREENS__; it renders with desk.js's Preact (screen-preact.ts).
 */
import { Fragment, h, type ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { DeskContext } from "./desk-context";
import type { DeskPreact } from "./screen-preact";

declare const __PARLEY_DESK_SCREENS__: Record<string, string>;

type Screen = ComponentType<{ ctx: DeskContext }>;

/** The screen module's file, beside desk.js, loaded once the desk's Preact is handed over. */
export function loadScreen<Module>(name: string): Promise<Module> {
  const preact: DeskPreact = { h, Fragment, useState, useEffect, useRef };
  (globalThis as { parleyDeskPreact?: DeskPreact }).parleyDeskPreact = preact;
  return import(new URL(__PARLEY_DESK_SCREENS__[name]!, import.meta.url).href);
}

export function lazyScreen(load: () => Promise<Screen>): Screen {
  let loaded: Promise<Screen> | null = null;
  return function LazyScreen({ ctx }) {
    const [screen, setScreen] = useState<{ Screen: Screen } | null>(null);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      loaded ??= load();
      loaded.then(
        (Screen) => setScreen({ Screen }),
        () => {
          loaded = null; // a later visit tries again
          setFailed(true);
        },
      );
    }, []);
    if (screen) return <screen.Screen ctx={ctx} />;
    return (
      <main>
        {failed ? (
          <p role="alert">This screen could not be loaded. Reload the page to try again.</p>
        ) : (
          <p class="loading">Loading…</p>
        )}
      </main>
    );
  };
}
