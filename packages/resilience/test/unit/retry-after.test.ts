import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHttpDate, parseRetryAfterValue, retryAfterMs } from "../../src/policies/retry-after.js";
import { planRetry } from "../../src/policies/retry-plan.js";

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

describe("parseRetryAfterValue", () => {
  it.each<[string, number | undefined]>([
    ["2", 2_000],
    ["0", 0],
    ["60", 60_000],
    [" 7 ", 7_000],
    ["600", 600_000],
    ["-5", undefined],
    ["soon", undefined],
    ["1.5", undefined],
    ["", undefined],
    ["2e3", undefined],
    ["Thu, 01 Jan 2026 12:00:03 GMT", 3_000],
    ["Thu, 01 Jan 2026 11:59:00 GMT", 0],
    ["Thursday, 01-Jan-26 12:00:10 GMT", 10_000],
    ["Thu Jan  1 12:00:05 2026", 5_000],
    ["Thu, 31 Feb 2026 12:00:03 GMT", undefined],
    ["Thu, 01 Jan 2026 25:00:03 GMT", undefined],
    ["2026-01-01T12:00:03Z", undefined],
  ])("%j → %j ms", (value, expected) => {
    expect(parseRetryAfterValue(value, NOW)).toBe(expected);
  });

  it("accepts every delta-seconds value and returns exactly seconds × 1000", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        (seconds) => parseRetryAfterValue(String(seconds), NOW) === seconds * 1_000,
      ),
    );
  });

  it("rejects negative numbers and anything with a sign or a fraction", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: -0.001, noNaN: true }),
        (value) => parseRetryAfterValue(String(value), NOW) === undefined,
      ),
    );
  });

  it("never returns a negative or NaN wait for any string", () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const parsed = parseRetryAfterValue(value, NOW);
        return parsed === undefined || (parsed >= 0 && !Number.isNaN(parsed));
      }),
    );
  });

  it("round-trips every IMF-fixdate (toUTCString) at second precision", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800 }),
        (seconds) => parseHttpDate(new Date(seconds * 1_000).toUTCString()) === seconds * 1_000,
      ),
    );
  });
});

describe("retryAfterMs", () => {
  it.each<[Record<string, string>, number | undefined]>([
    [{ "retry-after-ms": "1500" }, 1_500],
    [{ "retry-after-ms": "1500", "retry-after": "9" }, 1_500],
    [{ "retry-after-ms": "soon", "retry-after": "9" }, 9_000],
    [{ "retry-after-ms": "-1" }, undefined],
    [{ "retry-after-ms": "0.4" }, 1],
    [{}, undefined],
  ])("%j → %j", (headers, expected) => {
    expect(retryAfterMs(new Headers(headers), NOW)).toBe(expected);
  });
});

describe("planRetry", () => {
  const base = { backoffMs: 150, maxRetryAfterMs: 60_000, remainingMs: 30_000, minAttemptTimeMs: 25 };
  it.each([
    [{ retryAfterMs: undefined }, { kind: "wait", delayMs: 150, source: "backoff" }],
    [{ retryAfterMs: 2_000 }, { kind: "wait", delayMs: 2_000, source: "retry-after" }],
    [{ retryAfterMs: 0 }, { kind: "wait", delayMs: 0, source: "retry-after" }],
    [
      { retryAfterMs: 60_000, remainingMs: 120_000 },
      { kind: "wait", delayMs: 60_000, source: "retry-after" },
    ],
    [
      { retryAfterMs: 60_001, remainingMs: 120_000 },
      { kind: "retry-after-too-long", retryAfterMs: 60_001 },
    ],
    [{ retryAfterMs: 600_000 }, { kind: "retry-after-too-long", retryAfterMs: 600_000 }],
    [
      { retryAfterMs: 2_000, remainingMs: 1_000 },
      { kind: "past-deadline", delayMs: 2_000, retryAfterMs: 2_000 },
    ],
    [
      { retryAfterMs: undefined, remainingMs: 160 },
      { kind: "past-deadline", delayMs: 150, retryAfterMs: undefined },
    ],
  ])("%j → %j", (patch, expected) => {
    expect(planRetry({ ...base, ...patch })).toEqual(expected);
  });
});
