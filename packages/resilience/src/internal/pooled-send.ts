import type { AttemptAbort } from "./attempt-abort.js";

/** One attempt for a transport made by `createTransport`: its `signal` may be an {@link AttemptAbort}. */
export interface PooledRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | ReadableStream<Uint8Array> | undefined;
  /** An AbortSignal, or the attempt's own abort (an emitter of `abort` that undici accepts as a signal). */
  readonly signal: AbortSignal | AttemptAbort;
}

/** The `send` of a pooled transport, taking a {@link PooledRequest}. */
export type PooledSend = (request: PooledRequest) => Promise<Response>;

const sends = new WeakMap<object, PooledSend>();

/** Records that `transport` (made by `createTransport`) can send a {@link PooledRequest} with `send`. */
export function registerPooledSend(transport: object, send: PooledSend): void {
  sends.set(transport, send);
}

/**
 * The `send` of a transport made by `createTransport` (it takes an `AttemptAbort` as signal), or undefined for any
 * other transport (a caller's own, or a wrapper around ours), which gets a real AbortSignal.
 */
export function pooledSendOf(transport: object): PooledSend | undefined {
  return sends.get(transport);
}
