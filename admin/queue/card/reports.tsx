/** What readers reported, by reason, with what they wrote. */
import type { ModComment } from "../../api";

export function Reports({ reports }: { reports: ModComment["reports"] }) {
  const byReason = new Map<string, number>();
  for (const { reason } of reports) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const summary = [...byReason].map(([reason, n]) => (n > 1 ? `${reason} (${n})` : reason));
  return (
    <div class="reports">
      <p>
        Reported {reports.length === 1 ? "once" : `${reports.length} times`}: {summary.join(", ")}
      </p>
      <ul>{reports.flatMap((report) => (report.text ? [<li>“{report.text}”</li>] : []))}</ul>
    </div>
  );
}
