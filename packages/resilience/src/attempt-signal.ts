import { EventEmitter } from "node:events";

/**
 * The abort of one attempt, as a {@link Transport} receives it in `TransportRequest.signal`. It is an emitter of
 * one `abort` event with `aborted` and `reason`, the shape undici's `Dispatcher.request` accepts as its `signal`
 * besides an AbortSignal (so the pooled transport hands it to undici as it is). A transport built on an API that
 * needs a real AbortSignal (global `fetch`) uses {@link AttemptSignal.abortSignal}, made on first use: creating an
 * AbortSignal costs several microseconds on Node 20, more than the rest of an attempt's bookkeeping.
 */
export class AttemptSignal extends EventEmitter {
  /** True once the attempt was aborted (caller abort, attempt timeout or the call's deadline). */
  aborted = false;
  /** Why it was aborted, once aborted; undefined before. */
  reason: unknown = undefined;
  #controller: AbortController | undefined;

  /** An AbortSignal that aborts with this one, with the same reason (created on first use). */
  get abortSignal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** Aborts with `reason`, once (the first abort wins): sets `aborted`, `reason`, emits `abort`. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    this.emit("abort");
  }
}

const ignore = (): void => undefined;

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts, whichever is first. */
export function raceAbort<T>(promise: Promise<T>, signal: AttemptSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(ignore);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(ignore);
      reject(signal.reason);
    };
    // `on`, not `once` (no wrapper per attempt): the signal emits `abort` at most once.
    signal.on("abort", onAbort);
    promise.then(
      (value) => {
        signal.removeListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
