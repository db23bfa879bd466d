/**
 * `@outbound/resilience/generated`: the door for generated code. A generated client's `operations.gen.ts` and
 * `client.gen.ts` import from here (the operations table, the client factory and the types their declarations
 * name); a service imports `@outbound/resilience` instead.
 */

export type { ClientCredentials, TokenProvider } from "./auth/token-provider.js";
export type { BinaryValue } from "./body/binary-value.js";
export type { PartHeaderValue, PartHeaderValues } from "./body/part-headers.js";
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
  BodyChoice,
  DefaultMediaType,
  DefaultParseAs,
  OperationArgs,
  OperationClient,
  OperationInit,
  OperationMethod,
  OperationMethods,
  OperationResult,
  OperationSignature,
  PagedOperationMethod,
  ParseAs,
  PartHeadersOf,
  PathMethod,
  RequestMediaType,
  StreamOperationMethod,
} from "./client/operation-types.js";
export type {
  AnswerKind,
  BodyMediaType,
  HttpMethod,
  OperationClass,
  OperationMeta,
  PartHeader,
  PropertyEncoding,
  RetryPolicy,
  ServerVariable,
  TimeoutPolicy,
} from "./operation.js";
export type { ResilienceOptions, RetryOptions } from "./options.js";
export type { Page, PageOptions, PaginateOptions } from "./pagination/paginate.js";
export type {
  CursorPagination,
  LinkPagination,
  NextCursorSource,
  NextUrlPagination,
  OffsetPagination,
  PagePagination,
  PaginationMeta,
} from "./pagination/pagination-meta.js";
export type { EventStream, ServerSentEvent } from "./stream/stream-event.js";
export type { StreamMeta } from "./stream/stream-meta.js";
