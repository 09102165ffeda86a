/** What a fuzz run covered: requests and statuses per operation, per kind and per credential. */
import type { FuzzRequest, Operation } from "./requests";

export class Coverage {
  private byOperation = new Map<string, Map<number, number>>();
  private byKind = new Map<string, number>();
  private byCredential = new Map<string, number>();
  private total = 0;
  /** workerd's clock moves on I/O; each request does some, so the span is the run's. */
  private readonly started = Date.now();

  add(request: FuzzRequest, status: number, answeredBy: Operation | undefined) {
    this.total += 1;
    const key = `${request.operation.method.toUpperCase()} ${request.operation.template}`;
    const statuses = this.byOperation.get(key) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byOperation.set(key, statuses);
    const kind = answeredBy ? request.kind : `${request.kind} (no route)`;
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
    this.byCredential.set(request.credential, (this.byCredential.get(request.credential) ?? 0) + 1);
  }

  operationsReached(): number {
    return this.byOperation.size;
  }

  /** Operations that answered a success (2xx or 3xx) at least once. */
  operationsSucceeded(): number {
    return [...this.byOperation.values()].filter((statuses) =>
      [...statuses.keys()].some((status) => status < 400),
    ).length;
  }

  report(operations: Operation[], detailed: boolean): string {
    const statusTotals = new Map<number, number>();
    for (const statuses of this.byOperation.values()) {
      for (const [status, n] of statuses)
        statusTotals.set(status, (statusTotals.get(status) ?? 0) + n);
    }
    const list = (map: Map<string | number, number>) =>
      [...map]
        .sort((a, b) => (a[0] < b[0] ? -1 : 1))
        .map(([name, n]) => `${name}: ${n}`)
        .join(", ");
    const seconds = (Date.now() - this.started) / 1000;
    const lines = [
      `contract fuzz: ${this.total} requests over ${this.byOperation.size} of ${operations.length} operations; ` +
        `${this.operationsSucceeded()} answered a success at least once`,
      `  in ${seconds.toFixed(1)} s, ${(this.total / seconds).toFixed(1)} requests/s`,
      `  statuses: ${list(statusTotals)}`,
      `  kinds: ${list(this.byKind)}`,
      `  credentials: ${list(this.byCredential)}`,
    ];
    if (detailed) {
      for (const [operation, statuses] of [...this.byOperation].sort()) {
        const n = [...statuses.values()].reduce((a, b) => a + b, 0);
        lines.push(`  ${operation}: ${n} (${list(statuses)})`);
      }
    }
    return lines.join("\n");
  }
}
