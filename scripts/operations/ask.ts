/**
 * Questions in the owner's terminal, only when there is one: in CI, a pipe or a Deploy
 * button's build, a command that needs an answer stops with a sentence naming the flag or
 * variable that gives it instead of waiting for input nobody will type.
 */
import { createInterface } from "node:readline/promises";

export const canAsk = (): boolean => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export async function ask(question: string): Promise<string> {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await terminal.question(question)).trim();
  } finally {
    terminal.close();
  }
}
