import type { OperationClass, OutboundErrorCode } from "@outbound/resilience";
import type { Fault, FaultPlan, ScriptStep } from "@outbound/testkit";

/**
 * The client and call options every scenario starts from: short, so the whole matrix runs in seconds, yet with an
 * attempt timeout well above a loaded 2-core machine's scheduling stalls (a fault-free exchange must fit in it).
 */
export const BASE_POLICY = Object.freeze({
  attemptTimeoutMs: 800,
  totalTimeoutMs: 3_000,
  retry: Object.freeze({ maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 10_000 }),
});

/** How a call must end: a response with this status (`"success"`: the operation's success status), or an error code. */
export type ExpectedOutcome =
  | { readonly status: number | "success"; readonly data: "defined" | "undefined" }
  | {
      readonly code: OutboundErrorCode;
      /** Fields the error must carry besides its code (its own evidence: the wait asked for, the timeout hit...). */
      readonly details?: Readonly<Record<string, unknown>>;
    };

/** What the downstream and the caller must observe for one fault and one operation class. */
export interface Expectation {
  /** Requests that reached the server. */
  readonly requests: number;
  readonly outcome: ExpectedOutcome;
  /** Requests the plan answered with a committing fault (`commit: true`) before any success step. */
  readonly committingFaults: number;
  /** Whether the success step (the request after the faults) was reached. */
  readonly successReached: boolean;
  /** Bounds (ms) of the gap between the end of the first response and the arrival of the second request. */
  readonly gapMs?: readonly [number, number];
  /** The error's `attempts` (connection refused: attempts made though nothing arrived). */
  readonly attempts?: number;
}

/** How a scenario calls the operation: its generated method (with call options), or openapi-fetch's path-based `raw`. */
export type CallStyle = "method" | "raw";

/** What the expectations depend on besides the class: the attempts the call's retry policy allows. */
export interface ExpectationContext {
  readonly maxAttempts: number;
}

/** One fault of the matrix: the plan for the chosen operation's route and what each class must do under it. */
export interface FaultCase {
  readonly name: string;
  /**
   * Also run it through the client's path-based `raw` calls (`Downstream.fetch`: the operation found by method and
   * path template; no call options, so the operation's generated policy and the client options apply). Left out for
   * faults whose expectations depend on per-call budgets (deadline and attempt-timeout rows).
   */
  readonly raw?: boolean;
  /** Connect to a port nothing listens on instead of the test server. */
  readonly refused?: boolean;
  /** Per-call budget overrides (ms), where a fault needs a longer or shorter deadline than {@link BASE_POLICY}. */
  readonly totalTimeoutMs?: number;
  /** Time (ms) the server needs after the call settles to finish delayed work (a commit at the end of a delay). */
  readonly settleMs?: number;
  /** The plan, given the operation's success step and status. */
  plan(success: Fault, successStatus: number): FaultPlan;
  expect(operationClass: OperationClass, context: ExpectationContext): Expectation;
}

/** An attempt timeout: the error names the timeout that fired. */
const TIMED_OUT: ExpectedOutcome = { code: "TIMEOUT", details: { timeoutMs: BASE_POLICY.attemptTimeoutMs } };
/** A connection reset after the request was sent: never before send, so never retried for an unsafe operation. */
const RESET: ExpectedOutcome = { code: "NETWORK", details: { beforeSend: false } };
const RETRYING = (c: OperationClass): boolean => c !== "unsafe";
const METHOD_CONTEXT: ExpectationContext = { maxAttempts: BASE_POLICY.retry.maxAttempts };

function script(steps: readonly ScriptStep[], success: Fault): FaultPlan {
  return { mode: "script", steps, after: success };
}

/** Retried classes: `faults` failed requests then the success; unsafe: one request with `unsafe` as its end. */
function retriedOnce(
  unsafe: ExpectedOutcome,
  committing = 0,
): (c: OperationClass, context?: ExpectationContext) => Expectation {
  return (c, context = METHOD_CONTEXT) =>
    RETRYING(c) && context.maxAttempts >= 2
      ? {
          requests: 2,
          outcome: { status: "success", data: "defined" },
          committingFaults: committing,
          successReached: true,
        }
      : { requests: 1, outcome: unsafe, committingFaults: committing, successReached: false };
}

/** Every class: one request, ended by `outcome`, the effect committed by the fault. */
function answeredOnce(outcome: ExpectedOutcome): () => Expectation {
  return () => ({ requests: 1, outcome, committingFaults: 1, successReached: false });
}

/** The faults of the suite, each at the socket level, with what every operation class must do under it. */
export const FAULT_CASES: readonly FaultCase[] = [
  {
    name: "5xx (503, then 500, then success)",
    raw: true,
    plan: (success) =>
      script(
        [
          { kind: "respond", status: 503 },
          { kind: "respond", status: 500 },
        ],
        success,
      ),
    expect: (c) =>
      RETRYING(c)
        ? { requests: 3, outcome: { status: "success", data: "defined" }, committingFaults: 0, successReached: true }
        : { requests: 1, outcome: { status: 503, data: "undefined" }, committingFaults: 0, successReached: false },
  },
  {
    name: "5xx on every attempt",
    raw: true,
    plan: (success) => script([{ times: 3, fault: { kind: "respond", status: 503 } }], success),
    expect: (c) => ({
      requests: RETRYING(c) ? 3 : 1,
      outcome: { status: 503, data: "undefined" },
      committingFaults: 0,
      successReached: false,
    }),
  },
  {
    name: "429 with Retry-After in seconds",
    raw: true,
    plan: (success) => script([{ kind: "respond", status: 429, retryAfter: { seconds: 1 } }], success),
    expect: (c) => ({
      ...retriedOnce({ status: 429, data: "undefined" })(c),
      ...(RETRYING(c) ? { gapMs: [950, 1_700] } : {}),
    }),
  },
  {
    name: "429 with Retry-After as an HTTP-date",
    raw: true,
    totalTimeoutMs: 4_000,
    plan: (success) => script([{ kind: "respond", status: 429, retryAfter: { dateInMs: 1_000 } }], success),
    expect: (c) => ({
      ...retriedOnce({ status: 429, data: "undefined" })(c),
      ...(RETRYING(c) ? { gapMs: [900, 2_700] } : {}),
    }),
  },
  {
    name: "429 with retry-after-ms",
    raw: true,
    plan: (success) => script([{ kind: "respond", status: 429, retryAfter: { ms: 200 } }], success),
    expect: (c) => ({
      ...retriedOnce({ status: 429, data: "undefined" })(c),
      ...(RETRYING(c) ? { gapMs: [190, 900] } : {}),
    }),
  },
  {
    name: "429 with Retry-After above maxRetryAfterMs",
    raw: true,
    plan: (success) => script([{ kind: "respond", status: 429, retryAfter: { seconds: 30 } }], success),
    expect: (c) => ({
      requests: 1,
      outcome: RETRYING(c)
        ? { code: "RETRY_AFTER_TOO_LONG", details: { retryAfterMs: 30_000, maxRetryAfterMs: 10_000, status: 429 } }
        : { status: 429, data: "undefined" },
      committingFaults: 0,
      successReached: false,
    }),
  },
  {
    name: "503 with Retry-After past the deadline",
    totalTimeoutMs: 700,
    plan: (success) => script([{ kind: "respond", status: 503, retryAfter: { seconds: 1 } }], success),
    expect: (c) => ({
      requests: 1,
      outcome: RETRYING(c)
        ? { code: "DEADLINE_EXCEEDED", details: { retryAfterMs: 1_000, totalTimeoutMs: 700 } }
        : { status: 503, data: "undefined" },
      committingFaults: 0,
      successReached: false,
    }),
  },
  {
    name: "latency before headers past the attempt timeout (effect committed late)",
    settleMs: 700,
    plan: (success) => script([{ kind: "pass", delayBeforeHeadersMs: 1_300 }], success),
    // The retry arrives while the first request is still being processed: a keyed one finds its key in flight
    // (409, draft-ietf-httpapi-idempotency-key-header §2.6), waits out the testkit's Retry-After (1 s) and retries,
    // the first request's result then replayed (one side effect); an idempotent one is simply served again.
    expect: (c) =>
      c === "keyed"
        ? { requests: 3, outcome: { status: "success", data: "defined" }, committingFaults: 1, successReached: true }
        : retriedOnce(TIMED_OUT, 1)(c),
  },
  {
    name: "latency between headers and body past the attempt timeout (effect committed)",
    plan: (success) => script([{ kind: "pass", delayBeforeBodyMs: 1_300 }], success),
    expect: retriedOnce(TIMED_OUT, 1),
  },
  {
    name: "body trickled past the attempt timeout (effect committed)",
    plan: (success) => script([{ kind: "pass", trickle: { chunkBytes: 1, intervalMs: 1_000 } }], success),
    expect: retriedOnce(TIMED_OUT, 1),
  },
  {
    name: "reset before response",
    raw: true,
    plan: (success) => script([{ kind: "reset" }], success),
    expect: retriedOnce(RESET),
  },
  {
    name: "reset after headers",
    raw: true,
    plan: (success) => script([{ kind: "reset-after-headers" }], success),
    expect: retriedOnce(RESET),
  },
  {
    name: "hang past the attempt timeout",
    plan: (success) => script([{ kind: "hang" }], success),
    expect: retriedOnce(TIMED_OUT),
  },
  {
    name: "hang on every attempt until the deadline",
    // Two attempts time out (2 × 800 ms + backoff); the third gets what is left (~550 ms), clamped to the deadline.
    totalTimeoutMs: 2_200,
    plan: (success) => script([{ times: 3, fault: { kind: "hang", afterHeaders: true } }], success),
    expect: (c) => ({
      requests: RETRYING(c) ? 3 : 1,
      outcome: RETRYING(c) ? { code: "DEADLINE_EXCEEDED", details: { totalTimeoutMs: 2_200 } } : TIMED_OUT,
      committingFaults: 0,
      successReached: false,
    }),
  },
  {
    name: "truncated body",
    raw: true,
    plan: (success) => script([{ kind: "truncated-body" }], success),
    expect: retriedOnce(RESET),
  },
  {
    name: "malformed JSON (effect committed)",
    plan: (success, status) => script([{ kind: "malformed-json", status, commit: true }], success),
    expect: answeredOnce({ code: "RESPONSE_PARSE" }),
  },
  {
    name: "empty body without Content-Length, chunked (effect committed)",
    raw: true,
    plan: (success, status) => script([{ kind: "empty-body", framing: "chunked", status, commit: true }], success),
    expect: answeredOnce({ status: "success", data: "undefined" }),
  },
  {
    name: "empty body without Content-Length, close-delimited (effect committed)",
    raw: true,
    plan: (success, status) =>
      script([{ kind: "empty-body", framing: "close-delimited", status, commit: true }], success),
    expect: answeredOnce({ status: "success", data: "undefined" }),
  },
  {
    name: "connection refused",
    refused: true,
    raw: true,
    plan: (success) => script([], success),
    expect: (_c, context) => ({
      requests: 0,
      outcome: { code: "NETWORK", details: { networkCode: "ECONNREFUSED", beforeSend: true } },
      committingFaults: 0,
      successReached: false,
      attempts: context.maxAttempts,
    }),
  },
  {
    name: "side effect, then reset",
    raw: true,
    plan: (success) => script([{ kind: "reset", commit: true }], success),
    expect: retriedOnce(RESET, 1),
  },
  {
    name: "side effect, then stall past the attempt timeout",
    plan: (success) => script([{ kind: "hang", commit: true }], success),
    expect: retriedOnce(TIMED_OUT, 1),
  },
];
