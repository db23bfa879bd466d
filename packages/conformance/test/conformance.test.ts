import { rmSync } from "node:fs";
import { afterAll, describe, expect, test } from "vitest";
import { checkObservation } from "./support/check-observation.js";
import { FAULT_CASES } from "./support/fault-cases.js";
import { CORPUS_DIR, CORPUS_PRESENT, CORPUS_REQUIRED } from "./support/paths.js";
import { type PreparedSubject, prepareSubject } from "./support/prepare-subject.js";
import { expectationContext, runScenario } from "./support/run-scenario.js";
import { corpusSources, runDirectory, workspaceSources } from "./support/subjects.js";
import { startTracing } from "./support/tracing.js";

/**
 * The conformance suite, written once: every client in packages/clients/ and every client generated from the
 * specs corpus (Stripe with its overlay, Adyen Checkout, GitHub) is discovered, one operation per class is picked
 * from its generated metadata, and each runs under every fault of FAULT_CASES against a testkit server built from
 * its own spec. A new downstream joins the matrix without new test code.
 *
 * Tracks (subject × class) run side by side, each on its own server; the faults of one track run one after another.
 */
const tracing = startTracing();
const runDir = runDirectory();
const corpus = corpusSources();
const sources = [...workspaceSources(), ...(CORPUS_PRESENT ? corpus : [])];
const prepared: PreparedSubject[] = [];
for (const source of sources) prepared.push(await prepareSubject(source, runDir));
const tracks = prepared.flatMap((p) => p.tracks);

afterAll(async () => {
  await Promise.all(tracks.map((t) => t.server.close()));
  await tracing.shutdown();
  rmSync(runDir, { recursive: true, force: true });
});

const SKIP_REASON = `specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`;

if (!CORPUS_PRESENT) {
  describe("specs corpus absent", () => {
    test.for(corpus.map((s) => s.label))(
      "%s · specs corpus present (skipped without it; required under CI=true)",
      (_label, ctx) => {
        if (CORPUS_REQUIRED) expect.fail(`${SKIP_REASON}; CI=true requires it`);
        ctx.skip(SKIP_REASON);
      },
    );
  });
}

describe("classes without an operation", () => {
  const rows = prepared.flatMap((p) => p.missing.map((m) => [p.subject.label, m.operationClass, m.reason, p] as const));
  test.each(rows)("%s · %s · not in the matrix: %s", (_label, operationClass, _reason, { classCounts }) => {
    // Only a class the spec lacks may be missing; one that exists but could not be driven is a failure.
    expect(classCounts[operationClass]).toBe(0);
  });
});

describe.concurrent.each(tracks.map((t) => [`${t.subject.label} · ${t.choice.operationClass}`, t] as const))(
  "%s",
  (name, { subject, server, choice }) => {
    describe.sequential(`${choice.methodName}: ${choice.route}`, () => {
      test.each(FAULT_CASES.map((f) => [f.name, f] as const))(`${name} · %s`, async (_fault, fault) => {
        const observation = await runScenario(subject, server, choice, fault, "method");
        const expectation = fault.expect(choice.operationClass, expectationContext(choice, "method"));
        checkObservation(choice, expectation, observation, tracing);
      });
      test.each(FAULT_CASES.filter((f) => f.raw === true).map((f) => [f.name, f] as const))(
        `${name} · raw ${choice.meta.method} ${choice.meta.path} · %s`,
        async (_fault, fault) => {
          const observation = await runScenario(subject, server, choice, fault, "raw");
          const expectation = fault.expect(choice.operationClass, expectationContext(choice, "raw"));
          checkObservation(choice, expectation, observation, tracing);
        },
      );
    });
  },
);
