import type { OperationClass } from "./operation.js";
import type { RetryOptions } from "./options.js";
import type { StreamOptions } from "./stream/stream-options.js";

/** Options every generated method accepts as its second argument, whatever the operation's class. */
export interface BaseCallOptions {
  /** Caller's cancellation. An abort rejects at once with the signal's reason (code `ABORTED`), never as a timeout. */
  readonly signal?: AbortSignal;
  /** Deadline of this call in ms, all attempts and waits included. @default 30000 (or the operation's `timeout.totalMs`) */
  readonly totalTimeoutMs?: number;
  /** Per-attempt timeout in ms, body read included. @default 10000 (or the operation's `timeout.attemptMs`) */
  readonly attemptTimeoutMs?: number;
  /** Request id sent as `x-request-id` on every attempt; defaults to the one in the current request context. */
  readonly requestId?: string;
  /** Extra request headers for this call. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Largest response body this call reads, in bytes after content decoding; past it the call fails with
   * `RESPONSE_TOO_LARGE`. @default the client's `maxDecodedBodyBytes` (67108864, 64 MiB)
   */
  readonly maxDecodedBodyBytes?: number;
  /**
   * Deadlines and limits of a streamed answer, field by field over the client's `stream` (see `StreamOptions`);
   * ignored by operations that do not stream.
   */
  readonly stream?: StreamOptions;
}

/** Brand that makes {@link RetryRefused} unconstructible (type-only; no value exists). */
declare const retryRefused: unique symbol;

/**
 * The type of `retry` on {@link UnsafeCallOptions}: a message the compiler quotes when a caller passes retry options
 * (or `false`) to an unsafe operation. Intersected with `RetryOptions`, so the runtime, which re-checks the class,
 * reads every call option's `retry` as one shape, and with a brand, so no value has this type, not even the message.
 */
export type RetryRefused =
  "retry is refused: this operation is unsafe (not idempotent per RFC 9110 §9.2.2 and no Idempotency-Key), so a retry could repeat its side effect; mark it idempotent or declare its idempotency key header in the spec, overlay or outbound.config.yaml" &
    RetryOptions & { readonly [retryRefused]: never };

/** The type of `idempotencyKey` on {@link IdempotentCallOptions}: the message the compiler quotes. */
export type IdempotencyKeyRefusedIdempotent =
  "idempotencyKey is refused: this operation is idempotent (RFC 9110 §9.2.2 or x-outbound), so it sends no idempotency key";

/** The type of `idempotencyKey` on {@link UnsafeCallOptions}: the message the compiler quotes. */
export type IdempotencyKeyRefusedUnsafe =
  "idempotencyKey is refused: the spec declares no idempotency key header for this operation; declare one (x-outbound.idempotencyKey or an Idempotency-Key header parameter) to send it";

/** Call options of an `idempotent` operation: retries may be tuned. */
export interface IdempotentCallOptions extends BaseCallOptions {
  /** Retry tuning for this call; `false` turns retries off. */
  readonly retry?: RetryOptions | false;
  /** Not accepted: an idempotent operation takes no idempotency key (the compiler quotes why). */
  readonly idempotencyKey?: IdempotencyKeyRefusedIdempotent;
}

/** Call options of a `keyed` operation: retries may be tuned and the idempotency key given. */
export interface KeyedCallOptions extends BaseCallOptions {
  /** Retry tuning for this call; `false` turns retries off. */
  readonly retry?: RetryOptions | false;
  /**
   * Idempotency key sent in the operation's idempotency header, the same on every attempt.
   * @default a fresh UUID v4 per logical call
   */
  readonly idempotencyKey?: string;
}

/**
 * Call options of an `unsafe` operation. `retry` is typed {@link RetryRefused}: asking to retry a call that could
 * duplicate a side effect does not compile, and the error quotes why and the two ways out. The runtime ignores a
 * `retry` that bypasses the types. (It still retries a failure that provably happened before any byte was sent,
 * such as connection refused.)
 */
export interface UnsafeCallOptions extends BaseCallOptions {
  /** Not accepted: declare an idempotency key or mark the operation idempotent in the spec to retry it. */
  readonly retry?: RetryRefused;
  /** Not accepted: the downstream declares no idempotency key for this operation. */
  readonly idempotencyKey?: IdempotencyKeyRefusedUnsafe;
}

/** The call options type of an operation of class `C`. */
export type CallOptionsFor<C extends OperationClass> = C extends "unsafe"
  ? UnsafeCallOptions
  : C extends "keyed"
    ? KeyedCallOptions
    : IdempotentCallOptions;

/** Any call options, as the runtime receives them (it re-checks the class). */
export type AnyCallOptions = IdempotentCallOptions | KeyedCallOptions | UnsafeCallOptions;
