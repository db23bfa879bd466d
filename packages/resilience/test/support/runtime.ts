/**
 * What the runtime's tests drive: the service door, the generated door, and the internals a service never sees
 * (`createDownstream`, the per-code error guards, the hook event types).
 */
export type { AnyCallOptions } from "../../src/call-options.js";
export type { DownstreamPipeline, FetchFunction } from "../../src/downstream.js";
export { createDownstream } from "../../src/downstream.js";
export {
  isAbortedError,
  isBulkheadFullError,
  isCircuitOpenError,
  isDeadlineExceededError,
  isHttpStatusError,
  isNetworkError,
  isResponseParseError,
  isResponseTooLargeError,
  isRetryAfterTooLongError,
  isRetryBudgetExhaustedError,
  isTimeoutError,
} from "../../src/errors.js";
export * from "../../src/generated.js";
export type {
  AttemptEvent,
  AttemptFailure,
  BreakerEvent,
  GiveUpEvent,
  GiveUpReason,
  RetryEvent,
} from "../../src/hooks.js";
export * from "../../src/index.js";
export { isInvalidOptionsError } from "../../src/invalid-options-error.js";
export { isInvalidRequestError } from "../../src/invalid-request-error.js";
export type { DownstreamOptions, JitterMode } from "../../src/options.js";
export { ALWAYS_SECRET_HEADERS } from "../../src/options.js";
export type { QueryParameterStyle } from "../../src/query-serializer.js";
export { createQuerySerializer } from "../../src/query-serializer.js";
