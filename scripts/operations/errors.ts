/**
 * How the operations scripts (setup, upgrade, deploy) stop: with one sentence saying what
 * happened and what to do next, never a stack trace. A site owner runs these once in a
 * while; a stack trace tells them nothing they can act on.
 */

/** A stop the owner can act on: the message names the fix. */
export class OperatorError extends Error {}

/** Runs a command's main function; any failure ends in a sentence on stderr and exit 1. */
export function runOperation(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message =
      error instanceof OperatorError
        ? error.message
        : `Stopped by an unexpected error (${error instanceof Error ? error.message : String(error)}). ` +
          "The steps marked done above are done; run the command again to continue from there.";
    console.error(`\n✘ ${message}`);
    process.exitCode = 1;
  });
}
