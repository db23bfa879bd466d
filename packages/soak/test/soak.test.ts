import { describe, expect, it } from "vitest";
import { brokenInvariants, formatSoakReport, runSoak } from "../src/index.js";

/**
 * The small soak: 2 000 logical calls through the generated payments and notifications clients under
 * the conformance fault mix, on real sockets. The invariants are asserted exactly; the mix is asserted to have
 * been exercised, so a run that never faulted cannot pass.
 */
describe("soak (2 000 calls)", () => {
  it("loses nothing: no duplicate side effect, no call past its deadline, no socket or listener left", async () => {
    const report = await runSoak({ calls: 2_000, batchSize: 1_000, maxDurationMs: 150_000, abortAfterMs: 1 });
    const outcomes = Object.fromEntries(report.outcomes);
    const faults = Object.fromEntries(report.faults);
    expect({
      callsMade: report.callsMade,
      duplicateSideEffects: report.duplicateSideEffects,
      callsPastDeadline: report.callsPastDeadline,
      socketsBeyondPool: report.socketsBeyondPool,
      socketsAfterClose: report.socketsAfterClose,
      listenersLeftOnCallerSignals: report.listenersLeftOnCallerSignals,
      unexpectedErrors: report.unexpectedErrors,
      canaryLeaks: report.canaryLeaks,
      broken: brokenInvariants(report),
    }).toEqual({
      callsMade: 2_000,
      duplicateSideEffects: 0,
      callsPastDeadline: 0,
      socketsBeyondPool: 0,
      socketsAfterClose: 0,
      listenersLeftOnCallerSignals: 0,
      unexpectedErrors: 0,
      canaryLeaks: 0,
      broken: [],
    });
    expect(report.socketsOpenAtEnd).toBeLessThanOrEqual(report.poolSize);
    // The dangerous paths ran: committed-then-failed requests, resets, hangs, 5xx / 429 answers, caller aborts.
    expect(report.sideEffectThenFailure).toBeGreaterThan(0);
    expect([faults.reset, faults.hang, faults.respond].every((count) => (count ?? 0) > 0)).toBe(true);
    expect(outcomes.ABORTED ?? 0).toBeGreaterThan(0);
    expect(report.sideEffects).toBeGreaterThan(0);
    expect(Object.keys(outcomes).every((label) => /^(HTTP \d{3}|NETWORK [A-Z_]+|[A-Z_]+)$/.test(label))).toBe(true);
    expect(outcomes.INVALID_REQUEST ?? 0).toBe(0);
    // Memory after a full GC does not keep what 1 000 calls allocated (loose: other suites share this process).
    expect(report.heapGrowthMb).toBeLessThan(64);
    expect(formatSoakReport(report)).toContain("duplicate side effects: 0\n");
  });
});
