import {
  AbortedError,
  type AnyOutboundError,
  DeadlineExceededError,
  HttpStatusError,
  NetworkError,
  TimeoutError,
} from "../errors.js";
import type { CallContext } from "./call-context.js";
import { type AttemptOutcome, isBeforeSend } from "./classify-failure.js";

/** The typed error for a failed attempt outcome (an HTTP response becomes an {@link HttpStatusError}, used only as a cause). */
export function outcomeError(
  downstream: string,
  ctx: CallContext,
  outcome: AttemptOutcome,
  retryable: boolean,
  lastFailure?: unknown,
): AnyOutboundError {
  const base = { downstream, operationId: ctx.operation.operationId, attempts: ctx.attempts };
  switch (outcome.kind) {
    case "response":
      return new HttpStatusError({ ...base, status: outcome.response.status, retryable });
    case "timeout":
      return new TimeoutError({ ...base, timeoutMs: outcome.timeoutMs });
    case "deadline":
      return new DeadlineExceededError({
        ...base,
        totalTimeoutMs: ctx.deadline.totalTimeoutMs,
        ...(lastFailure === undefined ? {} : { cause: lastFailure }),
      });
    case "aborted":
      return new AbortedError({ ...base, cause: outcome.reason });
    case "network":
      return new NetworkError({
        ...base,
        networkCode: outcome.networkCode,
        beforeSend: isBeforeSend(outcome.networkCode),
        retryable,
        cause: new Error(`transport error ${outcome.networkCode}`),
      });
  }
}
