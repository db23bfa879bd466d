/**
 * @outbound/resilience: the door for services. What a service writes or reads around a generated client
 * (`@outbound/<name>`): client options and their defaults, call options, typed errors, hooks, the inbound request
 * context, the transport, and the downstream's breaker. Generated code imports `@outbound/resilience/generated`.
 */

export { AttemptSignal } from "./attempt-signal.js";
export type { ClientCredentials, TokenProvider } from "./auth/token-provider.js";
export type { BinaryValue } from "./body/binary-value.js";
export type { PartHeaderValue, PartHeaderValues } from "./body/part-headers.js";
export type { IdempotentCallOptions, KeyedCallOptions, RetryRefused, UnsafeCallOptions } from "./call-options.js";
export type { BreakerSnapshot, BreakerState, Downstream } from "./downstream-types.js";
export type { AnyOutboundError, OutboundErrorCode, RequestOutcome } from "./errors.js";
export {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  DeadlineExceededError,
  HttpStatusError,
  isOutboundError,
  isStreamIdleTimeoutError,
  isStreamInterruptedError,
  NetworkError,
  OutboundError,
  ResponseParseError,
  ResponseTooLargeError,
  RetryAfterTooLongError,
  RetryBudgetExhaustedError,
  TimeoutError,
} from "./errors.js";
export type { ResilienceHooks } from "./hooks.js";
export { InvalidOptionsError } from "./invalid-options-error.js";
export { InvalidRequestError } from "./invalid-request-error.js";
export type { BodyMediaType, OperationClass, OperationMeta, PartHeader, PropertyEncoding } from "./operation.js";
export type { ResilienceOptions, RetryOptions } from "./options.js";
export { DEFAULT_RESILIENCE_OPTIONS } from "./options.js";
export type { PagePosition, PageResume } from "./pagination/page-failed-error.js";
export { PageFailedError } from "./pagination/page-failed-error.js";
export type { Page, PageOptions, PaginateOptions } from "./pagination/paginate.js";
export { DEFAULT_PAGINATE_OPTIONS } from "./pagination/paginate.js";
export type { RequestContext } from "./request-context.js";
export {
  currentRequestContext,
  readInboundDeadline,
  readInboundRequestId,
  runWithRequestContext,
} from "./request-context.js";
export type { AnyStreamError } from "./stream/stream-errors.js";
export {
  StreamDurationExceededError,
  StreamIdleTimeoutError,
  StreamInterruptedError,
  StreamMalformedError,
  StreamUnpulledError,
} from "./stream/stream-errors.js";
export type { EventStream, ServerSentEvent } from "./stream/stream-event.js";
export type { StreamOptions } from "./stream/stream-options.js";
export { DEFAULT_STREAM_OPTIONS } from "./stream/stream-options.js";
export type { Transport, TransportOptions, TransportRequest, TransportResponse } from "./transport.js";
export { closeDefaultTransport, createTransport, DEFAULT_TRANSPORT_OPTIONS, getDefaultTransport } from "./transport.js";
