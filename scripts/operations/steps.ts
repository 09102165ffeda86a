/**
 * A plan is a list of steps, each either already right (nothing to do) or an action. The
 * same list is printed by --dry-run and carried out otherwise, so what a dry run shows is
 * what a real run does.
 */
export interface Step {
  /** What the step is about, said as a fact when it is right or as an action to take. */
  title: string;
  /** Absent when the step is already right. */
  run?: () => Promise<void>;
}

export const alreadyRight = (title: string): Step => ({ title });

export async function carryOut(steps: Step[], { dryRun }: { dryRun: boolean }): Promise<void> {
  for (const step of steps) {
    if (!step.run) console.log(`  ✓ ${step.title}`);
    else if (dryRun) console.log(`  • would ${step.title}`);
    else {
      console.log(`  → ${step.title}`);
      await step.run();
    }
  }
}
