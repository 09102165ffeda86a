/**
 * The contract under a property-based fuzzer: requests generated from every declared
 * route's schemas (the ones its handler validates with, as the OpenAPI document writes
 * them), valid and mutated, with and without each kind of credential, sent to the Worker
 * in workerd on its real local D1. Every answer must be one the document declares, headers
 * included (test/fuzz/contract.ts), and a refused request must change nothing in D1.
 *
 * CI sends a few hundred requests from a fixed seed; `npm run fuzz` sends FUZZ_RUNS
 * (tens of thousands) and prints what it covered. workerd's Request cannot carry a body on
 * a GET or HEAD: that case is tested over real HTTP (test/e2e/worker-http.test.ts).
 */
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { contractProblem, operationAt } from "../fuzz/contract";
import { Coverage } from "../fuzz/coverage";
import { operations, resolve } from "../fuzz/operations";
import { requestArbitrary, type Known } from "../fuzz/requests";
import { seedKnown } from "../fuzz/seed";
import { send } from "../fuzz/send";
import { storedRows, tablesChanged } from "../fuzz/stored-rows";

const runs = Number(env.FUZZ_RUNS) || 300;
const seed = Number(env.FUZZ_SEED) || 3232;

/**
 * The attempts table is the posting limits' counter: a refused post that got past the
 * shape and site checks still uses up an attempt, by design (storage/attempts.ts), so a
 * refusal may add a row there and nowhere else.
 */
const countersOfLimits = new Set(["attempts"]);

describe("the contract under a fuzzer", () => {
  let known: Known;
  beforeAll(async () => {
    known = await seedKnown();
  });

  it(
    `answers ${runs} generated requests as the document declares, and refusals store nothing`,
    async () => {
      const coverage = new Coverage();
      // What D1 had written after the last request is what this one starts from.
      let written = await storedRows(countersOfLimits);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(operations, known, resolve), async (request) => {
          const answer = await send(request);
          const operation = operationAt(operations, request.method, request.url);
          coverage.add(request, answer.status, operation);
          const problem = contractProblem(request, answer, operations);
          expect(problem, `${request.kind}: ${request.method} ${request.url}`).toBeNull();
          const before = written;
          written = await storedRows(countersOfLimits);
          if (answer.status >= 400) {
            const changed = tablesChanged(before, written);
            expect(changed, `answered ${answer.status} ${answer.text} and wrote`).toEqual([]);
          }
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
      console.log(coverage.report(operations, runs > 1000));
      // The fuzzer reached every operation, and got past validation to a success on most.
      expect(coverage.operationsReached()).toBe(operations.length);
    },
    60_000 + runs * 1000,
  );
});
