import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay, createBackoffSchedule, exponentialDelay } from "../../src/policies/backoff.js";
import type { JitterMode } from "../support/runtime.js";

describe("exponentialDelay", () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3_200],
    [7, 5_000],
    [3_000, 5_000],
    [Number.MAX_SAFE_INTEGER, 5_000],
  ])("retry %i → %i ms with initial 100, max 5000", (retry, expected) => {
    expect(exponentialDelay(retry, { initialDelayMs: 100, maxDelayMs: 5_000, jitter: "none" })).toBe(expected);
  });

  it("is 0 for an initial delay of 0 at any retry count (no Infinity * 0 = NaN)", () => {
    expect(exponentialDelay(5_000, { initialDelayMs: 0, maxDelayMs: 100, jitter: "none" })).toBe(0);
  });
});

describe("backoffDelay (property)", () => {
  const settings = fc
    .tuple(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }))
    .map(([a, b]) => ({ initialDelayMs: Math.min(a, b), maxDelayMs: Math.max(a, b) }));

  it("is finite and within [0, maxDelayMs] for every retry count, mode and random value", () => {
    fc.assert(
      fc.property(
        settings,
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom<JitterMode>("equal", "none"),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (s, retry, jitter, r) => {
          const delay = backoffDelay(retry, { ...s, jitter }, () => r);
          expect(Number.isFinite(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(s.maxDelayMs);
        },
      ),
    );
  });

  it("equal jitter stays within [d/2, d] of the exponential delay d", () => {
    fc.assert(
      fc.property(
        settings,
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (s, retry, r) => {
          const d = exponentialDelay(retry, { ...s, jitter: "equal" });
          const delay = backoffDelay(retry, { ...s, jitter: "equal" }, () => r);
          expect(delay).toBeGreaterThanOrEqual(d / 2);
          expect(delay).toBeLessThanOrEqual(d);
        },
      ),
    );
  });

  it("never decreases without jitter", () => {
    fc.assert(
      fc.property(settings, fc.integer({ min: 1, max: 5_000 }), (s, retry) => {
        const options = { ...s, jitter: "none" as const };
        expect(backoffDelay(retry + 1, options)).toBeGreaterThanOrEqual(backoffDelay(retry, options));
      }),
    );
  });
});

describe("createBackoffSchedule", () => {
  it("gives the exact doubling sequence without jitter", () => {
    const schedule = createBackoffSchedule({ initialDelayMs: 1_000, maxDelayMs: 5_000, jitter: "none" });
    expect([schedule.next(), schedule.next(), schedule.next(), schedule.next()]).toEqual([1_000, 2_000, 4_000, 5_000]);
  });

  it("decorrelated jitter (cockatiel 4 on Node 20) stays finite and bounded over 3000 retries", () => {
    const schedule = createBackoffSchedule({ initialDelayMs: 10, maxDelayMs: 50, jitter: "decorrelated" });
    const delays = Array.from({ length: 3_000 }, () => schedule.next());
    expect(delays.every((d) => Number.isFinite(d) && d >= 0 && d <= 50)).toBe(true);
    expect(delays.slice(999).every((d) => d === 50)).toBe(true);
  });
});
