/**
 * A 5×5 mirrored identicon drawn from the server's avatar seed (a keyed hash, so it
 * reveals nothing about the email). Inline SVG: no image host, no extra request. Without a
 * seed (the reader's own held comment, a tombstone) it is a plain grey square: the server
 * shows a seed only once a comment is approved.
 */
export function Avatar({ seed }: { seed: string }) {
  if (!seed) return <svg viewBox="0 0 1 1" aria-hidden="true" class="placeholder" />;
  const hex = seed.padEnd(18, "0");
  const digit = (i: number) => parseInt(hex[i] ?? "0", 16) || 0;
  const hue = (digit(0) * 256 + digit(1) * 16 + digit(2)) % 360;
  let path = "";
  for (let cell = 0; cell < 15; cell++) {
    if (digit(cell + 3) % 2) continue;
    const x = cell % 3;
    const y = (cell / 3) | 0;
    path += `M${x} ${y}h1v1h-1zM${4 - x} ${y}h1v1h-1z`;
  }
  return (
    <svg viewBox="-1 -1 7 7" aria-hidden="true" style={`background:hsl(${hue} 45% 92%)`}>
      <path d={path} fill={`hsl(${hue} 55% 40%)`} />
    </svg>
  );
}
