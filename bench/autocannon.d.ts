// The parts of autocannon's programmatic API the bench uses (the package ships no types,
// and @types/autocannon would be one more dependency for a handful of fields).
declare module "autocannon" {
  interface RawRequest {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
  }
  interface Options {
    url: string;
    connections?: number;
    amount?: number;
    timeout?: number;
    sampleInt?: number;
    /** Called with each response's body; false counts the response in `mismatches`. */
    verifyBody?: (body: string) => boolean;
    requests?: (RawRequest & { setupRequest?: (request: RawRequest) => RawRequest })[];
  }
  interface Histogram {
    average: number;
    p50: number;
    p90: number;
    p99: number;
    total: number;
  }
  export interface Result {
    latency: Histogram;
    requests: Histogram;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    non2xx: number;
    mismatches: number;
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Instance {
    stop(): void;
    /** Each response, with its latency in milliseconds (not rounded). */
    on(
      event: "response",
      listener: (client: unknown, statusCode: number, bytes: number, milliseconds: number) => void,
    ): void;
    /** Each request that erred or timed out. */
    on(event: "reqError", listener: (error: Error) => void): void;
  }
  function autocannon(
    options: Options,
    done: (error: Error | null, result: Result) => void,
  ): Instance;
  export default autocannon;
}
