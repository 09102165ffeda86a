/**
 * The desk's one Preact, for the screens built apart from desk.js (scripts/build-assets.mjs
 * points their `preact` and `preact/hooks` imports here): a second copy would cost bytes and
 * break hooks, and a chunk shared with desk.js would split the desk's first load in three.
 * desk.js hands these over (lazy-screen.tsx) before it loads such a screen; a screen that
 * needs more of Preact fails to build until it is added here and there.
 */
import type { Fragment as PreactFragment, h as preactH } from "preact";
import type {
  useEffect as preactUseEffect,
  useRef as preactUseRef,
  useState as preactUseState,
} from "preact/hooks";

export interface DeskPreact {
  h: typeof preactH;
  Fragment: typeof PreactFragment;
  useState: typeof preactUseState;
  useEffect: typeof preactUseEffect;
  useRef: typeof preactUseRef;
}

const desk = (globalThis as { parleyDeskPreact?: DeskPreact }).parleyDeskPreact!;

export const { h, Fragment, useState, useEffect, useRef } = desk;
