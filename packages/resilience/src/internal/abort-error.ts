import { AbortedError, type AnyOutboundError, DeadlineExceededError } from "../errors.js";
import { DeadlineReason } from "./abort-source.js";
import type { CallContext } from "./call-context.js";

/**
 * The error for a call whose deadline signal aborted: the deadline's own expiry becomes DEADLINE_EXCEEDED (with
 * the last failure as cause); anything else is the caller's abort, ABORTED with the caller's reason as cause.
 */
export function abortError(
  downstream: string,
  ctx: CallContext,
  reason: unknown,
  lastFailure: unknown,
  retryAfterMs?: number,
): AnyOutboundError {
  const base = { downstream, operationId: ctx.operation.operationId, attempts: ctx.attempts };
  if (reason instanceof DeadlineReason) {
    return new DeadlineExceededError({
      ...base,
      totalTimeoutMs: ctx.deadline.totalTimeoutMs,
      ...(lastFailure === undefined ? {} : { cause: lastFailure }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  return new AbortedError({ ...base, cause: reason });
}
