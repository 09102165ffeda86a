/**
 * How long a browser test waits for anything: a poll (expect.poll, set in
 * vitest.e2e.config.ts), a page action or wait, a navigation. Nothing here takes seconds on an
 * idle machine; on a busy one (npm run test:e2e:busy) loading an article and drawing its form
 * has taken over 8 s.
 */
export const WAIT_MS = 15_000;
