/**
 * Typed failures of the resilience pipeline. HTTP responses stay values (openapi-fetch's `{ data, error }`);
 * these classes are for what the transport or a policy decided. Every class carries a literal `code`, so a caller
 * can `switch (err.code)` exhaustively over {@link OutboundErrorCode}.
 *
 * Guards check a brand symbol (`Symbol.for`), not `instanceof`, so two installed copies of this package agree.
 */

import type { InvalidRequestError } from "./invalid-request-error.js";
import type { PageFailedError } from "./pagination/page-failed-error.js";
import type { AnyStreamError } from "./stream/stream-errors.js";

/**
 * What a failed call may have done on the server, for an outer layer deciding whether to send it again:
 * - `not-sent`: no attempt sent a byte (connect refused or timed out, DNS, breaker open, bulkhead full, invalid
 *   request, deadline or abort before the first send). Resending is safe whatever the operation's class.
 * - `unknown`: the last attempt that sent its bytes got no answer (attempt timeout, reset after send, deadline or
 *   caller abort mid-attempt): the side effect may or may not have happened. For an `unsafe` operation the error
 *   then says `retryable: false`; for `idempotent` and `keyed` ones (RFC 9110 §9.2.2, the same Idempotency-Key)
 *   a resend is safe and `retryable` keeps its meaning.
 * - `answered`: the last attempt that sent its bytes got an HTTP answer (its status is in the error or its cause).
 * An attempt that sent nothing leaves the call's outcome as its earlier attempts made it.
 */
export type RequestOutcome = "not-sent" | "unknown" | "answered";

const BRAND = Symbol.for("@outbound/resilience.OutboundError");

/** Every `code` an {@link OutboundError} can carry. */
export type OutboundErrorCode =
  | "TIMEOUT"
  | "DEADLINE_EXCEEDED"
  | "CIRCUIT_OPEN"
  | "BULKHEAD_FULL"
  | "NETWORK"
  | "RETRY_BUDGET_EXHAUSTED"
  | "RETRY_AFTER_TOO_LONG"
  | "ABORTED"
  | "RESPONSE_PARSE"
  | "RESPONSE_TOO_LARGE"
  | "HTTP_STATUS"
  | "INVALID_REQUEST"
  | "PAGE_FAILED"
  | "STREAM_IDLE_TIMEOUT"
  | "STREAM_DURATION_EXCEEDED"
  | "STREAM_INTERRUPTED"
  | "STREAM_MALFORMED"
  | "STREAM_UNPULLED";

/** Where a failure happened: which downstream, which operation, after how many attempts. */
export interface OutboundErrorContext {
  /** Downstream name (the `specs/<name>` folder). */
  readonly downstream: string;
  /** The operation's operationId. */
  readonly operationId: string;
  /** Attempts sent (or refused by a policy) before this error, the first one included. */
  readonly attempts: number;
  /** The failure that led here: the caller's abort reason, the last attempt's failure, or a transport error. */
  readonly cause?: unknown;
  /** What the call may have done on the server; each class documents its default (the pipeline always sets it). */
  readonly outcome?: RequestOutcome;
}

/** Base class of every pipeline failure. Never thrown itself; see the subclasses. */
export abstract class OutboundError extends Error {
  /** Literal discriminant; see {@link OutboundErrorCode}. */
  abstract readonly code: OutboundErrorCode;
  /** Whether the same call may succeed if tried again later (for the caller's own retry or queueing decisions). */
  abstract readonly retryable: boolean;
  /** Downstream name. */
  readonly downstream: string;
  /** The operation's operationId. */
  readonly operationId: string;
  /** Attempts made before this error, the first one included. */
  readonly attempts: number;
  /** What the call may have done on the server: `not-sent`, `unknown` or `answered` (see {@link RequestOutcome}). */
  readonly outcome: RequestOutcome;

  protected constructor(message: string, context: OutboundErrorContext, outcome: RequestOutcome) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.downstream = context.downstream;
    this.operationId = context.operationId;
    this.attempts = context.attempts;
    this.outcome = context.outcome ?? outcome;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * One attempt ran longer than its attempt timeout (connect, headers and the whole body read). Outcome `unknown` by
 * default (the request may have been processed); `retryable` is false for an `unsafe` operation, whose resend could
 * repeat its side effect, true otherwise (default true).
 */
export class TimeoutError extends OutboundError {
  readonly code = "TIMEOUT" as const;
  readonly retryable: boolean;
  override readonly name = "TimeoutError";
  /** The attempt timeout that fired, in ms. */
  readonly timeoutMs: number;
  constructor(context: OutboundErrorContext & { readonly timeoutMs: number; readonly retryable?: boolean }) {
    super(
      `${context.downstream} ${context.operationId}: attempt ${context.attempts} timed out after ${context.timeoutMs} ms`,
      context,
      "unknown",
    );
    this.timeoutMs = context.timeoutMs;
    this.retryable = context.retryable ?? true;
  }
}

/**
 * The call's deadline (`totalTimeoutMs` or an inbound deadline) ran out; `cause` is the last failure, if any.
 * `outcome` is what the call's attempts made it (default `not-sent`).
 */
export class DeadlineExceededError extends OutboundError {
  readonly code = "DEADLINE_EXCEEDED" as const;
  readonly retryable = false;
  override readonly name = "DeadlineExceededError";
  /** The deadline's total budget in ms, as resolved for this call. */
  readonly totalTimeoutMs: number;
  /** Set when a Retry-After wait (ms) would have outlived the deadline. */
  readonly retryAfterMs: number | undefined;
  constructor(context: OutboundErrorContext & { readonly totalTimeoutMs: number; readonly retryAfterMs?: number }) {
    const wait = context.retryAfterMs === undefined ? "" : ` (the downstream asked to wait ${context.retryAfterMs} ms)`;
    super(
      `${context.downstream} ${context.operationId}: deadline of ${context.totalTimeoutMs} ms exceeded after ${context.attempts} attempt(s)${wait}`,
      context,
      "not-sent",
    );
    this.totalTimeoutMs = context.totalTimeoutMs;
    this.retryAfterMs = context.retryAfterMs;
  }
}

/**
 * The circuit breaker is open (or half-open with its probe in flight): this attempt sent nothing. `outcome` is what
 * earlier attempts of the call made it (default `not-sent`).
 */
export class CircuitOpenError extends OutboundError {
  readonly code = "CIRCUIT_OPEN" as const;
  readonly retryable = true;
  override readonly name = "CircuitOpenError";
  /** Time in ms until the breaker lets a probe through (0 while half-open with a probe in flight). */
  readonly remainingOpenMs: number;
  constructor(context: OutboundErrorContext & { readonly remainingOpenMs: number }) {
    super(
      `${context.downstream} ${context.operationId}: circuit open, next probe in ${context.remainingOpenMs} ms; request not sent`,
      context,
      "not-sent",
    );
    this.remainingOpenMs = context.remainingOpenMs;
  }
}

/**
 * The downstream's bulkhead had no free slot and a full queue: this attempt sent nothing. `outcome` is what earlier
 * attempts of the call made it (default `not-sent`).
 */
export class BulkheadFullError extends OutboundError {
  readonly code = "BULKHEAD_FULL" as const;
  readonly retryable = true;
  override readonly name = "BulkheadFullError";
  /** The concurrency limit that was hit (`bulkhead.maxConcurrent`). */
  readonly maxConcurrent: number;
  /** The queue limit that was hit (`bulkhead.maxQueue`). */
  readonly maxQueue: number;
  constructor(context: OutboundErrorContext & { readonly maxConcurrent: number; readonly maxQueue: number }) {
    super(
      `${context.downstream} ${context.operationId}: bulkhead full (${context.maxConcurrent} running, ${context.maxQueue} queued); request not sent`,
      context,
      "not-sent",
    );
    this.maxConcurrent = context.maxConcurrent;
    this.maxQueue = context.maxQueue;
  }
}

/**
 * A transport failure: connection refused or reset, DNS failure, connect timeout, socket closed mid-response.
 * `outcome` defaults to `not-sent` when `beforeSend`, else `unknown`.
 */
export class NetworkError extends OutboundError {
  readonly code = "NETWORK" as const;
  override readonly name = "NetworkError";
  /** The system or undici error code (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT` ...). */
  readonly networkCode: string;
  /** Whether the failure provably happened before any request byte was sent (connect phase). */
  readonly beforeSend: boolean;
  readonly retryable: boolean;
  constructor(
    context: OutboundErrorContext & {
      readonly networkCode: string;
      readonly beforeSend: boolean;
      readonly retryable: boolean;
    },
  ) {
    super(
      `${context.downstream} ${context.operationId}: network failure ${context.networkCode} on attempt ${context.attempts}`,
      context,
      context.beforeSend ? "not-sent" : "unknown",
    );
    this.networkCode = context.networkCode;
    this.beforeSend = context.beforeSend;
    this.retryable = context.retryable;
  }
}

/** The downstream's retry budget (Envoy-style) refused a retry; `cause` is the last failure. `outcome` default `answered`. */
export class RetryBudgetExhaustedError extends OutboundError {
  readonly code = "RETRY_BUDGET_EXHAUSTED" as const;
  readonly retryable = false;
  override readonly name = "RetryBudgetExhaustedError";
  constructor(context: OutboundErrorContext) {
    super(
      `${context.downstream} ${context.operationId}: retry budget exhausted after ${context.attempts} attempt(s)`,
      context,
      "answered",
    );
  }
}

/** The downstream asked to wait (Retry-After / retry-after-ms) longer than `retry.maxRetryAfterMs`. `outcome` `answered`. */
export class RetryAfterTooLongError extends OutboundError {
  readonly code = "RETRY_AFTER_TOO_LONG" as const;
  readonly retryable = false;
  override readonly name = "RetryAfterTooLongError";
  /** The wait the downstream asked for, in ms. */
  readonly retryAfterMs: number;
  /** The largest wait honoured, in ms. */
  readonly maxRetryAfterMs: number;
  /** HTTP status of the response that carried the header (429 or 503 usually). */
  readonly status: number;
  constructor(
    context: OutboundErrorContext & {
      readonly retryAfterMs: number;
      readonly maxRetryAfterMs: number;
      readonly status: number;
    },
  ) {
    super(
      `${context.downstream} ${context.operationId}: HTTP ${context.status} asked to retry after ${context.retryAfterMs} ms, above the ${context.maxRetryAfterMs} ms limit`,
      context,
      "answered",
    );
    this.retryAfterMs = context.retryAfterMs;
    this.maxRetryAfterMs = context.maxRetryAfterMs;
    this.status = context.status;
  }
}

/**
 * The caller's AbortSignal fired; `cause` is the signal's reason, unchanged. Never counted as a failure. `outcome`
 * is `unknown` when an attempt was in flight, else what earlier attempts made it (default `not-sent`).
 */
export class AbortedError extends OutboundError {
  readonly code = "ABORTED" as const;
  readonly retryable = false;
  override readonly name = "AbortedError";
  constructor(context: OutboundErrorContext) {
    super(`${context.downstream} ${context.operationId}: aborted by the caller`, context, "not-sent");
  }
}

/**
 * An answer's body could not be read as its media type says (e.g. truncated JSON, a JSON operation answered
 * `text/html`), or its content coding is corrupt (a gzip body that does not inflate). Not retried: the downstream
 * did answer (`outcome` `answered`). The message names the status, the content type received and what to do.
 */
export class ResponseParseError extends OutboundError {
  readonly code = "RESPONSE_PARSE" as const;
  readonly retryable = false;
  override readonly name = "ResponseParseError";
  /** HTTP status of the response whose body failed to parse, when known. */
  readonly status: number | undefined;
  /** The response's `content-type`, when it had one. */
  readonly contentType: string | undefined;
  constructor(
    context: OutboundErrorContext & {
      readonly status?: number;
      readonly contentType?: string;
      /** Why, and what to do; appended to the message. Never holds body content. */
      readonly reason?: string;
    },
  ) {
    const status = context.status === undefined ? "" : `HTTP ${context.status}`;
    const type = context.contentType === undefined ? "" : `content-type ${context.contentType}`;
    const where = [status, type].filter((part) => part !== "").join(", ");
    super(
      `${context.downstream} ${context.operationId}: response body could not be parsed${where === "" ? "" : ` (${where})`}${context.reason === undefined ? "" : `: ${context.reason}`}`,
      context,
      "answered",
    );
    this.status = context.status;
    this.contentType = context.contentType;
  }
}

/**
 * An answer's body grew past `maxDecodedBodyBytes` once decoded (gzip, deflate, br) or as sent: reading stopped
 * there and the connection was destroyed. Not retried (the same answer would come back); `outcome` `answered`.
 */
export class ResponseTooLargeError extends OutboundError {
  readonly code = "RESPONSE_TOO_LARGE" as const;
  readonly retryable = false;
  override readonly name = "ResponseTooLargeError";
  /** HTTP status of the answer. */
  readonly status: number;
  /** The cap that was hit, in decoded bytes (`maxDecodedBodyBytes`). */
  readonly maxBytes: number;
  /** Decoded bytes read when reading stopped: past the cap by at most one decoded chunk. */
  readonly receivedBytes: number;
  /** The content coding that was being decoded (`gzip`, `deflate`, `br`), or undefined for an unencoded body. */
  readonly encoding: string | undefined;
  constructor(
    context: OutboundErrorContext & {
      readonly status: number;
      readonly maxBytes: number;
      readonly receivedBytes: number;
      readonly encoding?: string | undefined;
    },
  ) {
    const coding = context.encoding === undefined ? "" : ` once ${context.encoding}-decoded`;
    super(
      `${context.downstream} ${context.operationId}: HTTP ${context.status} body is larger than ${context.maxBytes} bytes${coding}; reading stopped and the connection was closed. Raise maxDecodedBodyBytes (client or call option) if the answer is expected to be this large`,
      context,
      "answered",
    );
    this.status = context.status;
    this.maxBytes = context.maxBytes;
    this.receivedBytes = context.receivedBytes;
    this.encoding = context.encoding;
  }
}

/**
 * A retryable HTTP status (408, 429, 5xx ...) as the `cause` of a policy error (deadline, retry budget). The
 * response itself is what a call returns when it simply runs out of attempts; this class never replaces it.
 */
export class HttpStatusError extends OutboundError {
  readonly code = "HTTP_STATUS" as const;
  override readonly name = "HttpStatusError";
  /** The HTTP status. */
  readonly status: number;
  readonly retryable: boolean;
  constructor(context: OutboundErrorContext & { readonly status: number; readonly retryable: boolean }) {
    super(
      `${context.downstream} ${context.operationId}: HTTP ${context.status} on attempt ${context.attempts}`,
      context,
      "answered",
    );
    this.status = context.status;
    this.retryable = context.retryable;
  }
}

/** Every concrete pipeline error; `switch (err.code)` over it is exhaustive. */
export type AnyOutboundError =
  | TimeoutError
  | DeadlineExceededError
  | CircuitOpenError
  | BulkheadFullError
  | NetworkError
  | RetryBudgetExhaustedError
  | RetryAfterTooLongError
  | AbortedError
  | ResponseParseError
  | ResponseTooLargeError
  | HttpStatusError
  | InvalidRequestError
  | PageFailedError
  | AnyStreamError;

/** True when `value` is an error of this package (any copy of it). Narrows to the exhaustive union. */
export function isOutboundError(value: unknown): value is AnyOutboundError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

function guard<C extends OutboundErrorCode>(code: C) {
  return (value: unknown): value is Extract<AnyOutboundError, { code: C }> =>
    isOutboundError(value) && value.code === code;
}

/** True for a {@link TimeoutError} (code `TIMEOUT`). */
export const isTimeoutError = guard("TIMEOUT");
/** True for a {@link DeadlineExceededError} (code `DEADLINE_EXCEEDED`). */
export const isDeadlineExceededError = guard("DEADLINE_EXCEEDED");
/** True for a {@link CircuitOpenError} (code `CIRCUIT_OPEN`). */
export const isCircuitOpenError = guard("CIRCUIT_OPEN");
/** True for a {@link BulkheadFullError} (code `BULKHEAD_FULL`). */
export const isBulkheadFullError = guard("BULKHEAD_FULL");
/** True for a {@link NetworkError} (code `NETWORK`). */
export const isNetworkError = guard("NETWORK");
/** True for a {@link RetryBudgetExhaustedError} (code `RETRY_BUDGET_EXHAUSTED`). */
export const isRetryBudgetExhaustedError = guard("RETRY_BUDGET_EXHAUSTED");
/** True for a {@link RetryAfterTooLongError} (code `RETRY_AFTER_TOO_LONG`). */
export const isRetryAfterTooLongError = guard("RETRY_AFTER_TOO_LONG");
/** True for an {@link AbortedError} (code `ABORTED`). */
export const isAbortedError = guard("ABORTED");
/** True for a {@link ResponseParseError} (code `RESPONSE_PARSE`). */
export const isResponseParseError = guard("RESPONSE_PARSE");
/** True for a {@link ResponseTooLargeError} (code `RESPONSE_TOO_LARGE`). */
export const isResponseTooLargeError = guard("RESPONSE_TOO_LARGE");
/** True for an {@link HttpStatusError} (code `HTTP_STATUS`). */
export const isHttpStatusError = guard("HTTP_STATUS");
/** True for a {@link StreamIdleTimeoutError} (code `STREAM_IDLE_TIMEOUT`). */
export const isStreamIdleTimeoutError = guard("STREAM_IDLE_TIMEOUT");
/** True for a {@link StreamInterruptedError} (code `STREAM_INTERRUPTED`). */
export const isStreamInterruptedError = guard("STREAM_INTERRUPTED");
