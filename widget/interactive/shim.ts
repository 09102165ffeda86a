/**
 * The interactive chunk is built separately from embed.js, but must render with the page's
 * one Preact instance (two copies would not share hooks state). The build points
 * its "preact" and "preact/hooks" imports here, and embed.js fills these live bindings
 * through bind() right after importing the chunk.
 */
import type * as Preact from "preact";
import type * as Hooks from "preact/hooks";

export let h: typeof Preact.h;
export let Fragment: typeof Preact.Fragment;
export let useState: typeof Hooks.useState;
export let useEffect: typeof Hooks.useEffect;
export let useRef: typeof Hooks.useRef;

export type Bindings = {
  h: typeof h;
  Fragment: typeof Fragment;
  useState: typeof useState;
  useEffect: typeof useEffect;
  useRef: typeof useRef;
};

export function bind(deps: Bindings): void {
  ({ h, Fragment, useState, useEffect, useRef } = deps);
}

let lastId = 0;
/** A stable id prefix per form (ids only need to be unique inside the shadow root). */
export const useFormId = () => useState(() => `f${++lastId}`)[0];
