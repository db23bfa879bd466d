import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/policies/breaker.js";
import { type BreakerState, DEFAULT_RESILIENCE_OPTIONS } from "../support/runtime.js";

function make(options: Partial<typeof DEFAULT_RESILIENCE_OPTIONS.breaker> = {}) {
  let now = 1_000_000;
  const transitions: BreakerState[] = [];
  const breaker = new CircuitBreaker(
    { ...DEFAULT_RESILIENCE_OPTIONS.breaker, ...options },
    (s) => transitions.push(s),
    () => now,
  );
  const attempt = (outcome: "failure" | "success" | "ignore") => {
    const permit = breaker.tryAcquire();
    if (!permit.ok) throw new Error(`refused, ${permit.remainingOpenMs} ms left`);
    permit.record(outcome);
  };
  return { breaker, transitions, attempt, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("stays closed below minimumCalls, then opens when the failure ratio reaches the threshold", () => {
    const { breaker, transitions, attempt } = make({ minimumCalls: 4, windowSize: 4, failureRatio: 0.5 });
    attempt("failure");
    attempt("failure");
    attempt("failure");
    expect(breaker.state()).toBe("closed");
    attempt("success");
    expect(breaker.state()).toBe("closed");
    expect(breaker.snapshot()).toEqual({ state: "closed", calls: 4, failures: 3, nextProbeAt: undefined });
    attempt("failure"); // window: F F S F → 3/4 >= 0.5
    expect(breaker.state()).toBe("open");
    expect(transitions).toEqual(["open"]);
  });

  it("does not open on successes, and ignores caller aborts", () => {
    const { breaker, attempt } = make({ minimumCalls: 2, windowSize: 2, failureRatio: 1 });
    attempt("failure");
    attempt("ignore");
    attempt("ignore");
    expect(breaker.snapshot()).toEqual({ state: "closed", calls: 1, failures: 1, nextProbeAt: undefined });
    attempt("success");
    attempt("failure");
    expect(breaker.state()).toBe("closed");
  });

  it("forgets samples older than windowMs", () => {
    const { breaker, attempt, advance } = make({ minimumCalls: 2, windowSize: 10, windowMs: 1_000, failureRatio: 1 });
    attempt("failure");
    advance(1_001);
    attempt("failure");
    expect(breaker.state()).toBe("closed");
    expect(breaker.snapshot().calls).toBe(1);
  });

  it("refuses while open with the time left, turns half-open on read, admits exactly one probe", () => {
    const { breaker, transitions, attempt, advance } = make({
      minimumCalls: 1,
      windowSize: 1,
      failureRatio: 1,
      halfOpenAfterMs: 5_000,
    });
    attempt("failure");
    advance(1_000);
    expect(breaker.tryAcquire()).toEqual({ ok: false, remainingOpenMs: 4_000 });
    expect(breaker.snapshot().nextProbeAt).toBe(1_000_000 + 5_000);
    advance(4_000);
    expect(breaker.state()).toBe("half-open");
    const probe = breaker.tryAcquire();
    expect(probe.ok && probe.probe).toBe(true);
    expect(breaker.tryAcquire()).toEqual({ ok: false, remainingOpenMs: 0 });
    if (probe.ok) probe.record("success");
    expect(breaker.state()).toBe("closed");
    expect(transitions).toEqual(["open", "half-open", "closed"]);
  });

  it("reopens on a failed probe, and frees the probe slot when the probe is aborted", () => {
    const { breaker, transitions, advance } = make({
      minimumCalls: 1,
      windowSize: 1,
      failureRatio: 1,
      halfOpenAfterMs: 100,
    });
    const first = breaker.tryAcquire();
    if (first.ok) first.record("failure");
    advance(100);
    const aborted = breaker.tryAcquire();
    if (aborted.ok) aborted.record("ignore");
    expect(breaker.state()).toBe("half-open");
    const probe = breaker.tryAcquire();
    expect(probe.ok).toBe(true);
    if (probe.ok) probe.record("failure");
    expect(breaker.state()).toBe("open");
    expect(transitions).toEqual(["open", "half-open", "open"]);
  });

  it("ignores outcomes of attempts admitted before it opened", () => {
    const { breaker, attempt } = make({ minimumCalls: 1, windowSize: 1, failureRatio: 1, halfOpenAfterMs: 10_000 });
    const early = breaker.tryAcquire();
    attempt("failure");
    if (early.ok) early.record("success");
    expect(breaker.state()).toBe("open");
  });
});
