import { OutboundError, type OutboundErrorContext } from "../errors.js";

/** Where a stream stood when it failed after its first event. */
export interface StreamFailureContext extends OutboundErrorContext {
  /** The id of the last event received (SSE `id`, WHATWG HTML §9.2.6), to resume from; undefined when none had one. */
  readonly lastEventId: string | undefined;
  /** Events delivered to the stream before it failed. */
  readonly eventsReceived: number;
}

/**
 * A stream that failed after its first event. It is never retried by the pipeline (events were delivered; a
 * resend could repeat them): the caller decides, or opts into resumption with `Last-Event-ID`. Outcome `answered`.
 */
abstract class StreamFailure extends OutboundError {
  /** The id of the last event received, to resume from (`Last-Event-ID`); undefined when none had one. */
  readonly lastEventId: string | undefined;
  /** Events received before the failure. */
  readonly eventsReceived: number;
  protected constructor(what: string, context: StreamFailureContext) {
    const last = context.lastEventId === undefined ? "" : `, last event id ${JSON.stringify(context.lastEventId)}`;
    super(
      `${context.downstream} ${context.operationId}: stream ${what} after ${context.eventsReceived} event(s)${last}`,
      context,
      "answered",
    );
    this.lastEventId = context.lastEventId;
    this.eventsReceived = context.eventsReceived;
  }
}

/** No event, comment or heartbeat for `idleTimeoutMs` while the iterator waited; the socket was closed. Retryable. */
export class StreamIdleTimeoutError extends StreamFailure {
  readonly code = "STREAM_IDLE_TIMEOUT" as const;
  readonly retryable = true;
  override readonly name = "StreamIdleTimeoutError";
  /** The idle timeout that fired, in ms. */
  readonly idleTimeoutMs: number;
  constructor(context: StreamFailureContext & { readonly idleTimeoutMs: number }) {
    super(`idle for ${context.idleTimeoutMs} ms`, context);
    this.idleTimeoutMs = context.idleTimeoutMs;
  }
}

/** The stream ran past `maxStreamDurationMs` (counted from its first event); the socket was closed. Not retryable. */
export class StreamDurationExceededError extends StreamFailure {
  readonly code = "STREAM_DURATION_EXCEEDED" as const;
  readonly retryable = false;
  override readonly name = "StreamDurationExceededError";
  /** The duration cap that fired, in ms. */
  readonly maxStreamDurationMs: number;
  constructor(context: StreamFailureContext & { readonly maxStreamDurationMs: number }) {
    super(`ran longer than ${context.maxStreamDurationMs} ms`, context);
    this.maxStreamDurationMs = context.maxStreamDurationMs;
  }
}

/** The connection failed mid-stream (reset, closed, a truncated coding); `networkCode` is the system or undici code. Retryable. */
export class StreamInterruptedError extends StreamFailure {
  readonly code = "STREAM_INTERRUPTED" as const;
  readonly retryable = true;
  override readonly name = "StreamInterruptedError";
  /** The system or undici error code, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  readonly networkCode: string;
  constructor(context: StreamFailureContext & { readonly networkCode: string }) {
    super(`interrupted (${context.networkCode})`, context);
    this.networkCode = context.networkCode;
  }
}

/**
 * An event the stream cannot deliver: its data is not the JSON the spec promises, or it is larger than
 * `maxEventBytes`. The stream ends there and its socket is closed (the downstream sends something else than its
 * spec says; report it to its owners). Not retryable.
 */
export class StreamMalformedError extends StreamFailure {
  readonly code = "STREAM_MALFORMED" as const;
  readonly retryable = false;
  override readonly name = "StreamMalformedError";
  /** What is wrong, without the event's content (it may hold secrets). */
  readonly reason: string;
  constructor(context: StreamFailureContext & { readonly reason: string }) {
    super(`malformed: ${context.reason}`, context);
    this.reason = context.reason;
  }
}

/**
 * Nobody pulled the stream for `unpulledTimeoutMs` (never iterated, or no `next()` since the last event): the
 * stream was closed to free its socket and its bulkhead slot, and the loop throws this at its next pull. The
 * caller kept the stream without reading it; a reconnect would not help, so it is not retryable nor resumed.
 */
export class StreamUnpulledError extends StreamFailure {
  readonly code = "STREAM_UNPULLED" as const;
  readonly retryable = false;
  override readonly name = "StreamUnpulledError";
  /** The caller-side timeout that fired, in ms. */
  readonly unpulledTimeoutMs: number;
  constructor(context: StreamFailureContext & { readonly unpulledTimeoutMs: number }) {
    super(`not pulled for ${context.unpulledTimeoutMs} ms`, context);
    this.unpulledTimeoutMs = context.unpulledTimeoutMs;
  }
}

/** Every error that ends a stream after its first event. */
export type AnyStreamError =
  | StreamIdleTimeoutError
  | StreamDurationExceededError
  | StreamInterruptedError
  | StreamMalformedError
  | StreamUnpulledError;
