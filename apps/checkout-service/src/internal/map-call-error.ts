import { isOutboundError } from "@outbound/resilience";
import { type Problem, problem } from "./problem.js";

/** A problem to answer with, and the `Retry-After` (seconds) to send with it, if any. */
export interface MappedFailure {
  readonly problem: Problem;
  /** Delta-seconds for the `Retry-After` header (RFC 9110 §10.2.3); set with 503 and some 409/504 answers. */
  readonly retryAfterSeconds?: number;
}

/** Seconds to announce for a wait of `ms`, at least 1 (a Retry-After of 0 invites a retry storm). */
export function retryAfterSecondsOf(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/**
 * Maps a typed failure of the resilience pipeline (an `OutboundError`, switched on its literal `code`) to this
 * service's answer. Each code gets its own status: breaker open and bulkhead full are 503 with `Retry-After`
 * (nothing was sent; try again later), a deadline or attempt timeout is 504, a broken exchange is 502.
 * @param error what the generated client's method threw
 * @param context extension members for the problem (orderId, step ...)
 * @returns undefined when `error` is not an `OutboundError` (a bug: let it reach the 500 handler)
 */
export function mapCallError(error: unknown, context: Record<string, unknown>): MappedFailure | undefined {
  if (!isOutboundError(error)) return undefined;
  const where = {
    ...context,
    downstream: error.downstream,
    operationId: error.operationId,
    code: error.code,
    attempts: error.attempts,
  };
  const name = `${error.downstream} ${error.operationId}`;
  switch (error.code) {
    case "CIRCUIT_OPEN":
      return {
        problem: problem("downstream-unavailable", `${name}: the circuit breaker is open; nothing was sent.`, where),
        retryAfterSeconds: retryAfterSecondsOf(error.remainingOpenMs),
      };
    case "BULKHEAD_FULL":
      return {
        problem: problem("downstream-unavailable", `${name}: too many calls in flight; nothing was sent.`, where),
        retryAfterSeconds: 1,
      };
    case "RETRY_BUDGET_EXHAUSTED":
      return {
        problem: problem("downstream-unavailable", `${name}: failing, and its retry budget is spent.`, where),
        retryAfterSeconds: 2,
      };
    case "RETRY_AFTER_TOO_LONG":
      return {
        problem: problem("downstream-unavailable", `${name}: asked to wait ${error.retryAfterMs} ms.`, {
          ...where,
          downstreamStatus: error.status,
        }),
        retryAfterSeconds: retryAfterSecondsOf(error.retryAfterMs),
      };
    case "NETWORK":
      return error.beforeSend
        ? {
            problem: problem("downstream-unavailable", `${name}: unreachable (${error.networkCode}).`, where),
            retryAfterSeconds: 1,
          }
        : {
            problem: problem(
              "downstream-error",
              `${name}: the connection failed mid-exchange (${error.networkCode}).`,
              where,
            ),
          };
    case "TIMEOUT":
      return { problem: problem("deadline-exceeded", `${name}: no answer within ${error.timeoutMs} ms.`, where) };
    case "DEADLINE_EXCEEDED":
      return error.retryAfterMs === undefined
        ? { problem: problem("deadline-exceeded", `${name}: the order's deadline ran out.`, where) }
        : {
            problem: problem(
              "downstream-unavailable",
              `${name}: asked to wait ${error.retryAfterMs} ms, past the order's deadline.`,
              where,
            ),
            retryAfterSeconds: retryAfterSecondsOf(error.retryAfterMs),
          };
    case "ABORTED":
      return {
        problem: problem("downstream-unavailable", `${name}: the call was aborted.`, where),
        retryAfterSeconds: 1,
      };
    case "RESPONSE_PARSE":
    case "RESPONSE_TOO_LARGE":
    case "HTTP_STATUS":
      return { problem: problem("downstream-error", `${name}: the answer could not be used (${error.code}).`, where) };
  }
}

/**
 * Whether a failed call provably had no effect downstream: only its first attempt was made, and it was refused
 * before any byte left (breaker open, bulkhead full, connect failure), or the downstream said it did not process
 * it (429/503 with a Retry-After too long to wait), or no attempt started at all. Anything else (a timeout, a reset
 * after sending, a retry after either) leaves the outcome unknown. Decides whether compensating is safe.
 */
export function provablyNoEffect(error: unknown): boolean {
  if (!isOutboundError(error)) return false;
  if (error.attempts === 0) return true;
  if (error.attempts > 1) return false;
  switch (error.code) {
    case "CIRCUIT_OPEN":
    case "BULKHEAD_FULL":
      return true;
    case "NETWORK":
      return error.beforeSend;
    case "RETRY_AFTER_TOO_LONG":
      return error.status === 429 || error.status === 503;
    default:
      return false;
  }
}
