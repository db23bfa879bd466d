import type { EventEmitter } from "node:events";

/** One attempt for a transport made by `createTransport`: its `signal` may be an undici-style EventEmitter. */
export interface PooledRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | ReadableStream<Uint8Array> | undefined;
  /** An AbortSignal, or an EventEmitter with `aborted`, `reason` and an `abort` event (see `AttemptAbort`). */
  readonly signal: AbortSignal | EventEmitter;
}

/** The `send` of a pooled transport, taking a {@link PooledRequest}. */
export type PooledSend = (request: PooledRequest) => Promise<Response>;

const sends = new WeakMap<object, PooledSend>();

/** Records that `transport` (made by `createTransport`) can send a {@link PooledRequest} with `send`. */
export function registerPooledSend(transport: object, send: PooledSend): void {
  sends.set(transport, send);
}

/**
 * The EventEmitter-accepting `send` of a transport made by `createTransport`, or undefined for any other transport
 * (a caller's own, or a wrapper around ours), which gets a real AbortSignal.
 */
export function pooledSendOf(transport: object): PooledSend | undefined {
  return sends.get(transport);
}
