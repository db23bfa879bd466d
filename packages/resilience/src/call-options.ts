import type { OperationClass, RetryPolicy } from "./operation.js";

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
}

/** Call options of an `idempotent` operation: retries may be tuned. */
export interface IdempotentCallOptions extends BaseCallOptions {
  /** Retry tuning for this call; `false` turns retries off. */
  readonly retry?: RetryPolicy | false;
  /** Not accepted: an idempotent operation takes no idempotency key. */
  readonly idempotencyKey?: never;
}

/** Call options of a `keyed` operation: retries may be tuned and the idempotency key given. */
export interface KeyedCallOptions extends BaseCallOptions {
  /** Retry tuning for this call; `false` turns retries off. */
  readonly retry?: RetryPolicy | false;
  /**
   * Idempotency key sent in the operation's idempotency header, the same on every attempt.
   * @default a fresh UUID v4 per logical call
   */
  readonly idempotencyKey?: string;
}

/**
 * Call options of an `unsafe` operation. `retry` is typed `never`: asking to retry a call that could duplicate
 * a side effect does not compile. (The runtime still retries a failure that provably happened before any byte was
 * sent, such as connection refused.)
 */
export interface UnsafeCallOptions extends BaseCallOptions {
  /** Not accepted: declare an idempotency key or mark the operation idempotent in the spec to retry it. */
  readonly retry?: never;
  /** Not accepted: the downstream declares no idempotency key for this operation. */
  readonly idempotencyKey?: never;
}

/** The call options type of an operation of class `C`. */
export type CallOptionsFor<C extends OperationClass> = C extends "unsafe"
  ? UnsafeCallOptions
  : C extends "keyed"
    ? KeyedCallOptions
    : IdempotentCallOptions;

/** Any call options, as the runtime receives them (it re-checks the class). */
export type AnyCallOptions = IdempotentCallOptions | KeyedCallOptions | UnsafeCallOptions;
