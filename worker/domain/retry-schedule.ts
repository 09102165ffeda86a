/**
 * When a failed send is tried again, for every outbox (mail, notifications): after 1, 5 and
 * 30 minutes, then every two hours, until a day has passed since the first try, when it is
 * given up. One schedule, so a moderator's mail and their Slack message recover alike.
 */
const minute = 60_000;
const backoffMinutes = [1, 5, 30, 120];
const giveUpAfterMinutes = 24 * 60;

/** The next try after `attempts` failed ones. */
export function retryAt(attempts: number, now: Date): string {
  const wait = backoffMinutes[Math.min(attempts, backoffMinutes.length - 1)]!;
  return new Date(now.getTime() + wait * minute).toISOString();
}

/** Sends first tried before this are given up when they fail again. */
export function givenUpBefore(now: Date): string {
  return new Date(now.getTime() - giveUpAfterMinutes * minute).toISOString();
}
