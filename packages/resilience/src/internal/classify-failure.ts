import type { OperationClass } from "../operation.js";

/** What one attempt ended with, before any policy looks at it. */
export type AttemptOutcome =
  | { readonly kind: "response"; readonly response: Response }
  | { readonly kind: "timeout"; readonly timeoutMs: number }
  | { readonly kind: "deadline" }
  | { readonly kind: "aborted"; readonly reason: unknown }
  | { readonly kind: "network"; readonly networkCode: string };

/** How the pipeline treats an outcome. */
export interface Verdict {
  /** The attempt ended the call successfully (any non-retryable response counts: HTTP errors stay values). */
  readonly final: boolean;
  /** Another attempt may be made (subject to attempts left, deadline, budget). */
  readonly retryable: boolean;
  /** What the circuit breaker records: a failure, a success, or nothing (caller aborts). */
  readonly breaker: "failure" | "success" | "ignore";
  /** Low-cardinality `error.type` (OpenTelemetry HTTP semconv), undefined on success. */
  readonly errorType: string | undefined;
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

/**
 * Classifies how attempt number `attempt` (1-based) ended for an operation of class `operationClass`
 * (RFC 9110 §9.2.2 idempotency; `keyed` = Idempotency-Key header, the same on every attempt). `retryOn` lists
 * the retried statuses.
 * - idempotent / keyed: retry network failures that may be transient, attempt timeouts and `retryOn` statuses.
 * - keyed, attempt 2 or later: also retry 409, whatever `retryOn` says. An earlier attempt of this call, with
 *   this key, may still be in flight on the server, which answers 409 until it completes
 *   (draft-ietf-httpapi-idempotency-key-header §2.6; Stripe `idempotency_key_in_use`, retried by stripe-node);
 *   the key makes the retry safe, and the retry then gets the stored result. A 409 to attempt 1 is final (a
 *   business conflict, or another caller reusing the key), as are 422 (key reused with another payload) and 409
 *   for idempotent and unsafe operations. 409 never counts as a breaker failure.
 * - unsafe: retry only transient failures before any byte was sent (refused, connect timeout, EAI_AGAIN).
 * - a non-replayable body (caller stream) is never retried.
 */
export function classifyOutcome(
  outcome: AttemptOutcome,
  operationClass: OperationClass,
  retryOn: ReadonlySet<number>,
  replayable: boolean,
  attempt: number,
): Verdict {
  const mayResend = operationClass !== "unsafe" && replayable;
  switch (outcome.kind) {
    case "response": {
      const status = outcome.response.status;
      const failure = isBreakerFailureStatus(status);
      const retryable =
        mayResend &&
        (retryOn.has(status) || (status === KEY_IN_FLIGHT_STATUS && operationClass === "keyed" && attempt > 1));
      return {
        final: !retryable,
        retryable,
        breaker: failure ? "failure" : "success",
        errorType: status >= 400 ? String(status) : undefined,
      };
    }
    case "timeout":
      return { final: false, retryable: mayResend, breaker: "failure", errorType: "timeout" };
    case "deadline":
      return { final: false, retryable: false, breaker: "failure", errorType: "deadline_exceeded" };
    case "aborted":
      return { final: false, retryable: false, breaker: "ignore", errorType: "aborted" };
    case "network": {
      const transient = isTransientNetworkCode(outcome.networkCode);
      const beforeSend = isBeforeSend(outcome.networkCode);
      const retryable = transient && replayable && (beforeSend || operationClass !== "unsafe");
      return { final: false, retryable, breaker: "failure", errorType: outcome.networkCode };
    }
  }
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
