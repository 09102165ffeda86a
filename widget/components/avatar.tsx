/**
 * An author's avatar: two hues from the server's avatar seed (a keyed hash, so it reveals
 * nothing about the email), as a gradient: no image host, no extra request. Without a seed
 * (the reader's own held comment, a tombstone) it is a plain disc: the server hands out a
 * seed only with approved comments.
 */
export function Avatar({ seed }: { seed: string }) {
  const hue = (at: number) => parseInt(seed.slice(at, at + 3), 16) % 360;
  return (
    <span
      class="avatar"
      aria-hidden="true"
      style={
        seed
          ? `background:linear-gradient(135deg,hsl(${hue(0)} 70% 62%),hsl(${hue(3)} 60% 38%))`
          : undefined
      }
    />
  );
}
