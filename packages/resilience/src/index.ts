/**
 * @outbound/resilience: the shared resilience core of every Outbound client. One call flows, outermost first,
 * through deadline → retry budget → retry → circuit breaker → bulkhead → attempt timeout → pooled transport,
 * with OpenTelemetry around it. This file is the only public entry.
 */

export { AttemptSignal } from "./attempt-signal.js";
export type {
  AnyCallOptions,
  BaseCallOptions,
  CallOptionsFor,
  IdempotencyKeyRefusedIdempotent,
  IdempotencyKeyRefusedUnsafe,
  IdempotentCallOptions,
  KeyedCallOptions,
  RetryRefused,
  UnsafeCallOptions,
} from "./call-options.js";
export type { AuthScheme, BasicCredentials } from "./client/auth-scheme.js";
export type { ClientDescription, OperationClientOptions } from "./client/create-operation-client.js";
export { createOperationClient } from "./client/create-operation-client.js";
export { defineOperations } from "./client/define-operations.js";
export type {
  OperationArgs,
  OperationClient,
  OperationInit,
  OperationMethod,
  OperationMethods,
  OperationResult,
  OperationSignature,
  PathMethod,
} from "./client/operation-types.js";
export { createDownstream } from "./create-downstream.js";
export type {
  BreakerSnapshot,
  BreakerState,
  Downstream,
  FetchFunction,
  PathBasedClient,
  PathBasedMethod,
  PathSerializer,
} from "./downstream-types.js";
export type { AnyOutboundError, OutboundErrorCode, OutboundErrorContext, RequestOutcome } from "./errors.js";
export {
  AbortedError,
  BulkheadFullError,
  CircuitOpenError,
  DeadlineExceededError,
  HttpStatusError,
  isAbortedError,
  isBulkheadFullError,
  isCircuitOpenError,
  isDeadlineExceededError,
  isHttpStatusError,
  isNetworkError,
  isOutboundError,
  isResponseParseError,
  isRetryAfterTooLongError,
  isRetryBudgetExhaustedError,
  isTimeoutError,
  NetworkError,
  OutboundError,
  ResponseParseError,
  RetryAfterTooLongError,
  RetryBudgetExhaustedError,
  TimeoutError,
} from "./errors.js";
export type {
  AttemptEvent,
  AttemptFailure,
  BreakerEvent,
  GiveUpEvent,
  GiveUpReason,
  HookEventBase,
  ResilienceHooks,
  RetryEvent,
} from "./hooks.js";
export { InvalidOptionsError, isInvalidOptionsError } from "./invalid-options-error.js";
export type { InvalidRequestLocation } from "./invalid-request-error.js";
export { InvalidRequestError, isInvalidRequestError } from "./invalid-request-error.js";
export type { HttpMethod, OperationClass, OperationMeta, RetryPolicy, TimeoutPolicy } from "./operation.js";
export type {
  BreakerOptions,
  BulkheadOptions,
  DownstreamOptions,
  JitterMode,
  ResilienceOptions,
  RetryBudgetOptions,
  RetryOptions,
} from "./options.js";
export { ALWAYS_SECRET_HEADERS, DEFAULT_RESILIENCE_OPTIONS } from "./options.js";
export type { QueryParameterStyle, QuerySerializer } from "./query-serializer.js";
export { createQuerySerializer } from "./query-serializer.js";
export type { InboundHeaders, RequestContext } from "./request-context.js";
export {
  currentRequestContext,
  readInboundDeadline,
  readInboundRequestId,
  runWithRequestContext,
} from "./request-context.js";
export type { Transport, TransportBody, TransportOptions, TransportRequest, TransportResponse } from "./transport.js";
export { closeDefaultTransport, createTransport, DEFAULT_TRANSPORT_OPTIONS, getDefaultTransport } from "./transport.js";
