import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type AttemptOutcome, classifyAttempt, networkCodeOf, type Verdict } from "../../src/internal/verdict.js";
import type { OperationClass } from "../support/runtime.js";

const ON = new Set([408, 429, 500, 502, 503, 504]);
const response = (status: number): AttemptOutcome => ({ kind: "response", response: new Response(null, { status }) });
const network = (networkCode: string): AttemptOutcome => ({ kind: "network", networkCode });
const FINAL_409 = {
  action: "return",
  reason: undefined,
  retryable: false,
  breaker: "success",
  errorType: "409",
} as const;
const RETRY_409 = {
  action: "retry",
  reason: undefined,
  retryable: true,
  breaker: "success",
  errorType: "409",
} as const;
type Expected = Omit<Verdict, "sent">;

/** The verdict of attempt `attempt` of at most 10. */
function classify(outcome: AttemptOutcome, cls: OperationClass, replayable: boolean, attempt = 1): Verdict {
  return classifyAttempt(outcome, { operationClass: cls, retryOn: ON, replayable, attempt, maxAttempts: 10 });
}

describe("classifyAttempt", () => {
  it.each<[string, AttemptOutcome, OperationClass, boolean, Expected]>([
    [
      "200 idempotent",
      response(200),
      "idempotent",
      true,
      { action: "return", reason: undefined, retryable: false, breaker: "success", errorType: undefined },
    ],
    [
      "503 idempotent",
      response(503),
      "idempotent",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "503" },
    ],
    [
      "503 keyed",
      response(503),
      "keyed",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "503" },
    ],
    [
      "503 unsafe: sent, never resent",
      response(503),
      "unsafe",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "503" },
    ],
    [
      "503 idempotent, stream body",
      response(503),
      "idempotent",
      false,
      { action: "stop", reason: "non-replayable-body", retryable: false, breaker: "failure", errorType: "503" },
    ],
    [
      "429 idempotent",
      response(429),
      "idempotent",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "429" },
    ],
    [
      "408 idempotent",
      response(408),
      "idempotent",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "408" },
    ],
    [
      "404 not a failure",
      response(404),
      "idempotent",
      true,
      { action: "return", reason: undefined, retryable: false, breaker: "success", errorType: "404" },
    ],
    [
      "409 not a failure",
      response(409),
      "keyed",
      true,
      { action: "return", reason: undefined, retryable: false, breaker: "success", errorType: "409" },
    ],
    [
      "501 failure, not retried",
      response(501),
      "idempotent",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "501" },
    ],
    [
      "timeout idempotent",
      { kind: "timeout", timeoutMs: 5 },
      "idempotent",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "timeout" },
    ],
    [
      "timeout unsafe",
      { kind: "timeout", timeoutMs: 5 },
      "unsafe",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "timeout" },
    ],
    [
      "caller abort",
      { kind: "aborted", reason: new Error("x") },
      "idempotent",
      true,
      { action: "stop", reason: "aborted", retryable: false, breaker: "ignore", errorType: "aborted" },
    ],
    [
      "deadline",
      { kind: "deadline" },
      "idempotent",
      true,
      { action: "stop", reason: "deadline", retryable: false, breaker: "failure", errorType: "deadline_exceeded" },
    ],
    [
      "ECONNREFUSED unsafe",
      network("ECONNREFUSED"),
      "unsafe",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "ECONNREFUSED" },
    ],
    [
      "connect timeout unsafe",
      network("UND_ERR_CONNECT_TIMEOUT"),
      "unsafe",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "UND_ERR_CONNECT_TIMEOUT" },
    ],
    [
      "EAI_AGAIN unsafe",
      network("EAI_AGAIN"),
      "unsafe",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "EAI_AGAIN" },
    ],
    [
      "ENOTFOUND permanent",
      network("ENOTFOUND"),
      "idempotent",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "ENOTFOUND" },
    ],
    [
      "ECONNRESET unsafe: maybe sent",
      network("ECONNRESET"),
      "unsafe",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "ECONNRESET" },
    ],
    [
      "ECONNRESET keyed",
      network("ECONNRESET"),
      "keyed",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "ECONNRESET" },
    ],
    [
      "UND_ERR_SOCKET idempotent",
      network("UND_ERR_SOCKET"),
      "idempotent",
      true,
      { action: "retry", reason: undefined, retryable: true, breaker: "failure", errorType: "UND_ERR_SOCKET" },
    ],
    [
      "unknown code: not retried",
      network("EWHAT"),
      "idempotent",
      true,
      { action: "stop", reason: "not-retryable", retryable: false, breaker: "failure", errorType: "EWHAT" },
    ],
  ])("%s", (_name, outcome, cls, replayable, expected) => {
    expect(classify(outcome, cls, replayable)).toMatchObject(expected);
  });

  it("an unsafe operation is retried only for before-send failures, whatever the outcome (property)", () => {
    const outcomes = fc.oneof(
      fc.integer({ min: 200, max: 599 }).map(response),
      fc
        .constantFrom(
          "ECONNREFUSED",
          "ECONNRESET",
          "EPIPE",
          "UND_ERR_SOCKET",
          "ENOTFOUND",
          "EAI_AGAIN",
          "UND_ERR_CONNECT_TIMEOUT",
          "X",
        )
        .map(network),
      fc.constant<AttemptOutcome>({ kind: "timeout", timeoutMs: 1 }),
    );
    fc.assert(
      fc.property(outcomes, (outcome) => {
        const verdict = classify(outcome, "unsafe", true);
        const beforeSend =
          outcome.kind === "network" &&
          ["ECONNREFUSED", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"].includes(outcome.networkCode);
        return verdict.retryable === beforeSend;
      }),
    );
  });

  // draft-ietf-httpapi-idempotency-key-header §2.6: 409 = a request with this key is still being processed.
  it.each<[string, number, OperationClass, boolean, number, Expected]>([
    ["keyed 409, attempt 1: a conflict, final", 409, "keyed", true, 1, FINAL_409],
    ["keyed 409, attempt 2: our earlier attempt in flight", 409, "keyed", true, 2, RETRY_409],
    ["keyed 409, attempt 3", 409, "keyed", true, 3, RETRY_409],
    ["keyed 409, attempt 2, stream body", 409, "keyed", false, 2, FINAL_409],
    ["idempotent 409, attempt 2", 409, "idempotent", true, 2, FINAL_409],
    ["unsafe 409, attempt 1", 409, "unsafe", true, 1, FINAL_409],
    ["unsafe 409, attempt 2", 409, "unsafe", true, 2, FINAL_409],
    [
      "keyed 422 (key reused with another payload), attempt 2",
      422,
      "keyed",
      true,
      2,
      { action: "return", reason: undefined, retryable: false, breaker: "success", errorType: "422" },
    ],
  ])("%s", (_name, status, cls, replayable, attempt, expected) => {
    expect(classify(response(status), cls, replayable, attempt)).toMatchObject(expected);
  });

  it("4xx other than 408/429 never count as breaker failures; of them only a keyed 409 after attempt 1 is retried (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 400, max: 499 }).filter((s) => s !== 408 && s !== 429),
        fc.constantFrom<OperationClass>("idempotent", "keyed", "unsafe"),
        fc.integer({ min: 1, max: 10 }),
        (status, cls, attempt) => {
          const verdict = classify(response(status), cls, true, attempt);
          const keyInFlight = status === 409 && cls === "keyed" && attempt > 1;
          return verdict.breaker === "success" && verdict.retryable === keyInFlight;
        },
      ),
    );
  });
});

describe("classifyAttempt: what was sent, and the last attempt", () => {
  it.each<[string, AttemptOutcome, Verdict["sent"]]>([
    ["a response", response(503), "answered"],
    ["connection refused", network("ECONNREFUSED"), "not-sent"],
    ["connect timeout", network("UND_ERR_CONNECT_TIMEOUT"), "not-sent"],
    ["reset after send", network("ECONNRESET"), "unknown"],
    ["attempt timeout", { kind: "timeout", timeoutMs: 5 }, "unknown"],
    ["deadline mid-attempt", { kind: "deadline" }, "unknown"],
    ["caller abort mid-attempt", { kind: "aborted", reason: "x" }, "unknown"],
  ])("%s: %s", (_name, outcome, sent) => {
    expect(classify(outcome, "unsafe", true).sent).toBe(sent);
  });

  it("stops a retryable outcome of the last allowed attempt with max-attempts", () => {
    const context = { operationClass: "idempotent", retryOn: ON, replayable: true, maxAttempts: 3 } as const;
    expect(classifyAttempt(response(503), { ...context, attempt: 2 }).action).toBe("retry");
    expect(classifyAttempt(response(503), { ...context, attempt: 3 })).toEqual({
      action: "stop",
      reason: "max-attempts",
      retryable: true,
      breaker: "failure",
      errorType: "503",
      sent: "answered",
    });
  });
});

describe("networkCodeOf", () => {
  it.each<[unknown, string]>([
    [Object.assign(new Error("x"), { code: "ECONNRESET" }), "ECONNRESET"],
    [new Error("wrapped", { cause: Object.assign(new Error("y"), { code: "EPIPE" }) }), "EPIPE"],
    [new AggregateError([Object.assign(new Error("a"), { code: "ECONNREFUSED" })]), "ECONNREFUSED"],
    [new Error("plain"), "UNKNOWN"],
    ["string", "UNKNOWN"],
  ])("%s → %s", (error, expected) => {
    expect(networkCodeOf(error)).toBe(expected);
  });
});
