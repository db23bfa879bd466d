import type { RequestOutcome } from "../errors.js";
import type { GiveUpReason } from "../hooks.js";
import type { OperationClass } from "../operation.js";
import type { StreamOpening } from "../stream/open-stream.js";

/** What one attempt ended with, before any policy looks at it. */
export type AttemptOutcome =
  | {
      readonly kind: "response";
      readonly response: Response;
      /** A streamed answer open on its first event (its body is still on the wire; see `openStreamOrRead`). */
      readonly stream?: StreamOpening;
    }
  | { readonly kind: "timeout"; readonly timeoutMs: number }
  | { readonly kind: "deadline" }
  | { readonly kind: "aborted"; readonly reason: unknown }
  | { readonly kind: "network"; readonly networkCode: string }
  | {
      readonly kind: "too-large";
      readonly status: number;
      readonly maxBytes: number;
      readonly receivedBytes: number;
      readonly encoding: string | undefined;
    }
  | { readonly kind: "undecodable"; readonly status: number; readonly encoding: string; readonly zlibCode: string };

/**
 * How the call treats one attempt, decided once from its outcome and read by every later step:
 * - `return`: the response ends the call (any status that is not retried and not a breaker failure).
 * - `retry`: another attempt may follow (the wait, the deadline and the retry budget still decide).
 * - `stop`: the call ends here with `reason`; a response is returned, any other outcome thrown.
 */
export interface Verdict {
  readonly action: "return" | "retry" | "stop";
  /** Why the call stops; undefined unless `action` is `stop`. */
  readonly reason: GiveUpReason | undefined;
  /** Whether the operation's class and body allow sending this outcome again (RFC 9110 §9.2.2). */
  readonly retryable: boolean;
  /** What the circuit breaker records: a failure, a success, or nothing (caller aborts). */
  readonly breaker: "failure" | "success" | "ignore";
  /** Low-cardinality `error.type` (OpenTelemetry HTTP semconv), undefined on success. */
  readonly errorType: string | undefined;
  /** What this attempt may have done on the server (see {@link RequestOutcome}). */
  readonly sent: RequestOutcome;
}

/** What {@link classifyAttempt} needs to know of the call. */
export interface VerdictContext {
  /** The class the runtime enforces (see `effectiveClass`). */
  readonly operationClass: OperationClass;
  /** Retried statuses (`retry.on`). */
  readonly retryOn: ReadonlySet<number>;
  /** False when the body is a caller's one-shot stream: such a request is sent at most once. */
  readonly replayable: boolean;
  /** 1-based number of this attempt. */
  readonly attempt: number;
  /** Attempts allowed in all (`retry.maxAttempts`). */
  readonly maxAttempts: number;
}

/** Connect-phase failures: the connection never opened, so no request byte can have been sent. */
const BEFORE_SEND = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENOTFOUND",
]);
/** Failures that can be transient. Everything else (ENOTFOUND: the name does not exist; TLS; size limit) is permanent. */
const TRANSIENT = new Set([
  "ECONNREFUSED",
  "UND_ERR_CONNECT_TIMEOUT",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

/** Statuses that count as a downstream failure for the breaker: 5xx, 408 and 429 (other 4xx are the caller's fault). */
export function isBreakerFailureStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Whether a network failure happened provably before any byte was sent (connect phase). */
export function isBeforeSend(networkCode: string): boolean {
  return BEFORE_SEND.has(networkCode);
}

/** Whether a network failure may be transient. */
export function isTransientNetworkCode(networkCode: string): boolean {
  return TRANSIENT.has(networkCode);
}

/**
 * The status a server answers while an earlier request with the same Idempotency-Key is still being processed
 * (draft-ietf-httpapi-idempotency-key-header §2.6: 409 Conflict; Stripe: `idempotency_key_in_use`).
 */
const KEY_IN_FLIGHT_STATUS = 409;

/** Whether the class allows resending `outcome`, ignoring the body (rules in {@link classifyAttempt}). */
function classAllowsResend(
  outcome: AttemptOutcome,
  operationClass: OperationClass,
  retryOn: ReadonlySet<number>,
  attempt: number,
): boolean {
  switch (outcome.kind) {
    case "response": {
      if (operationClass === "unsafe") return false;
      const status = outcome.response.status;
      return retryOn.has(status) || (status === KEY_IN_FLIGHT_STATUS && operationClass === "keyed" && attempt > 1);
    }
    case "timeout":
      return operationClass !== "unsafe";
    case "deadline":
    case "aborted":
    case "too-large":
    case "undecodable":
      return false;
    case "network":
      return (
        isTransientNetworkCode(outcome.networkCode) &&
        (isBeforeSend(outcome.networkCode) || operationClass !== "unsafe")
      );
  }
}

function breakerOf(outcome: AttemptOutcome): Verdict["breaker"] {
  // A body too large or badly encoded is a contract problem of one answer, not a sign the downstream is down.
  if (outcome.kind === "aborted" || outcome.kind === "too-large" || outcome.kind === "undecodable") return "ignore";
  if (outcome.kind === "response") return isBreakerFailureStatus(outcome.response.status) ? "failure" : "success";
  return "failure";
}

function errorTypeOf(outcome: AttemptOutcome): string | undefined {
  switch (outcome.kind) {
    case "response":
      return outcome.response.status >= 400 ? String(outcome.response.status) : undefined;
    case "timeout":
      return "timeout";
    case "deadline":
      return "deadline_exceeded";
    case "aborted":
      return "aborted";
    case "network":
      return outcome.networkCode;
    case "too-large":
      return "response_too_large";
    case "undecodable":
      return "response_parse";
  }
}

function sentOf(outcome: AttemptOutcome): RequestOutcome {
  if (outcome.kind === "response" || outcome.kind === "too-large" || outcome.kind === "undecodable") return "answered";
  if (outcome.kind === "network" && isBeforeSend(outcome.networkCode)) return "not-sent";
  return "unknown";
}

/**
 * Classifies how one attempt ended, once, for an operation of class `operationClass` (RFC 9110 §9.2.2
 * idempotency; `keyed` = Idempotency-Key header, the same on every attempt).
 * - idempotent / keyed: retry network failures that may be transient, attempt timeouts and `retryOn` statuses.
 * - keyed, attempt 2 or later: also retry 409, whatever `retryOn` says. An earlier attempt of this call, with
 *   this key, may still be in flight on the server, which answers 409 until it completes
 *   (draft-ietf-httpapi-idempotency-key-header §2.6; Stripe `idempotency_key_in_use`, retried by stripe-node);
 *   the key makes the retry safe, and the retry then gets the stored result. A 409 to attempt 1 is final (a
 *   business conflict, or another caller reusing the key), as are 422 (key reused with another payload) and 409
 *   for idempotent and unsafe operations. 409 never counts as a breaker failure.
 * - unsafe: retry only transient failures before any byte was sent (refused, connect timeout, EAI_AGAIN).
 * - a non-replayable body (caller stream) is never retried (`non-replayable-body`).
 * - a retryable outcome of the last allowed attempt stops with `max-attempts`.
 * - a body past `maxDecodedBodyBytes` or with a corrupt content coding stops the call (the same answer would come
 *   back) and counts as nothing for the breaker.
 * - 5xx, 408 and 429 count as breaker failures, other statuses as successes; caller aborts count as nothing.
 */
export function classifyAttempt(outcome: AttemptOutcome, call: VerdictContext): Verdict {
  const allowed = classAllowsResend(outcome, call.operationClass, call.retryOn, call.attempt);
  const retryable = allowed && call.replayable;
  const breaker = breakerOf(outcome);
  let action: Verdict["action"] = "stop";
  let reason: GiveUpReason | undefined;
  if (retryable) {
    if (call.attempt < call.maxAttempts) action = "retry";
    else reason = "max-attempts";
  } else if (outcome.kind === "response" && breaker !== "failure") action = "return";
  else if (outcome.kind === "aborted" || outcome.kind === "deadline") reason = outcome.kind;
  else reason = allowed ? "non-replayable-body" : "not-retryable";
  return { action, reason, retryable, breaker, errorType: errorTypeOf(outcome), sent: sentOf(outcome) };
}

/** The system / undici code of a transport error (looks into `cause` and AggregateError members). */
export function networkCodeOf(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (typeof current === "object" && current !== null && !seen.has(current)) {
    seen.add(current);
    const candidate = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof candidate.code === "string" && candidate.code !== "") return candidate.code;
    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) current = candidate.errors[0];
    else current = candidate.cause;
  }
  return "UNKNOWN";
}
