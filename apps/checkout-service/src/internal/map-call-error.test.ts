import {
  BulkheadFullError,
  CircuitOpenError,
  DeadlineExceededError,
  NetworkError,
  ResponseParseError,
  RetryAfterTooLongError,
  RetryBudgetExhaustedError,
  TimeoutError,
} from "@outbound/resilience";
import { describe, expect, it } from "vitest";
import { mapCallError, provablyNoEffect } from "./map-call-error.js";

const at = (attempts: number) => ({ downstream: "payments", operationId: "createCharge", attempts });

describe("mapCallError", () => {
  it.each([
    ["breaker open", new CircuitOpenError({ ...at(1), remainingOpenMs: 2_400 }), 503, "downstream-unavailable", 3],
    [
      "bulkhead full",
      new BulkheadFullError({ ...at(1), maxConcurrent: 100, maxQueue: 100 }),
      503,
      "downstream-unavailable",
      1,
    ],
    ["retry budget spent", new RetryBudgetExhaustedError(at(2)), 503, "downstream-unavailable", 2],
    [
      "Retry-After too long",
      new RetryAfterTooLongError({ ...at(1), retryAfterMs: 90_000, maxRetryAfterMs: 60_000, status: 503 }),
      503,
      "downstream-unavailable",
      90,
    ],
    [
      "connection refused",
      new NetworkError({ ...at(3), networkCode: "ECONNREFUSED", beforeSend: true, retryable: true }),
      503,
      "downstream-unavailable",
      1,
    ],
    [
      "reset after sending",
      new NetworkError({ ...at(3), networkCode: "ECONNRESET", beforeSend: false, retryable: true }),
      502,
      "downstream-error",
      undefined,
    ],
    ["attempt timeout", new TimeoutError({ ...at(1), timeoutMs: 3_000 }), 504, "deadline-exceeded", undefined],
    ["deadline", new DeadlineExceededError({ ...at(2), totalTimeoutMs: 4_000 }), 504, "deadline-exceeded", undefined],
    [
      "deadline before a Retry-After",
      new DeadlineExceededError({ ...at(1), totalTimeoutMs: 4_000, retryAfterMs: 5_000 }),
      503,
      "downstream-unavailable",
      5,
    ],
    ["unparsable body", new ResponseParseError({ ...at(1), status: 201 }), 502, "downstream-error", undefined],
  ])("maps %s to %i", (_name, error, status, kind, retryAfterSeconds) => {
    const mapped = mapCallError(error, { orderId: "ord-1" });
    expect(mapped?.problem).toMatchObject({
      status,
      type: `urn:outbound:checkout:problem:${kind}`,
      orderId: "ord-1",
      downstream: "payments",
      operationId: "createCharge",
      code: error.code,
      attempts: error.attempts,
    });
    expect(mapped?.retryAfterSeconds).toBe(retryAfterSeconds);
  });

  it("leaves anything that is not an OutboundError to the 500 handler", () => {
    expect(mapCallError(new TypeError("bug"), {})).toBeUndefined();
  });
});

describe("provablyNoEffect", () => {
  it.each([
    ["breaker open on the first attempt", new CircuitOpenError({ ...at(1), remainingOpenMs: 10 }), true],
    ["breaker open on a retry", new CircuitOpenError({ ...at(2), remainingOpenMs: 10 }), false],
    ["bulkhead full", new BulkheadFullError({ ...at(1), maxConcurrent: 1, maxQueue: 0 }), true],
    [
      "refused before sending",
      new NetworkError({ ...at(1), networkCode: "ECONNREFUSED", beforeSend: true, retryable: true }),
      true,
    ],
    [
      "reset after sending",
      new NetworkError({ ...at(1), networkCode: "ECONNRESET", beforeSend: false, retryable: true }),
      false,
    ],
    ["an attempt timeout", new TimeoutError({ ...at(1), timeoutMs: 100 }), false],
    [
      "503 asking for too long a wait",
      new RetryAfterTooLongError({ ...at(1), retryAfterMs: 90_000, maxRetryAfterMs: 60_000, status: 503 }),
      true,
    ],
    [
      "500 asking for too long a wait",
      new RetryAfterTooLongError({ ...at(1), retryAfterMs: 90_000, maxRetryAfterMs: 60_000, status: 500 }),
      false,
    ],
    ["a deadline before any attempt", new DeadlineExceededError({ ...at(0), totalTimeoutMs: 10 }), true],
    ["a deadline after an attempt", new DeadlineExceededError({ ...at(1), totalTimeoutMs: 10 }), false],
  ])("%s → %s", (_name, error, expected) => {
    expect(provablyNoEffect(error)).toBe(expected);
  });
});

describe("problem members", () => {
  it("keep the answer's own status even when the downstream's status is reported", () => {
    const error = new RetryAfterTooLongError({ ...at(1), retryAfterMs: 90_000, maxRetryAfterMs: 60_000, status: 429 });
    expect(mapCallError(error, {})?.problem).toMatchObject({ status: 503, downstreamStatus: 429 });
  });
});
