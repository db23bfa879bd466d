import { EventEmitter } from "node:events";

const ignore = (): void => undefined;

/**
 * The abort of one attempt, shaped as undici accepts a request's `signal` (an EventEmitter with `aborted`, `reason`
 * and an `abort` event: undici's `Dispatcher.request` options), so the pooled transport needs no AbortController.
 * A real {@link AbortSignal} is made only when asked for ({@link signal}: a custom `Transport`), and mirrors this.
 */
export class AttemptAbort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;
  #controller: AbortController | undefined;
  #rejectRace: ((reason: unknown) => void) | undefined;

  /** An AbortSignal that aborts with this (created on first use). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /** Aborts with `reason` (the first abort wins): the signal, the transport (`abort` event) and {@link race}. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    this.emit("abort");
    this.#rejectRace?.(reason);
  }

  /**
   * Settles like `promise`, or rejects with the reason as soon as this aborts, whichever is first, so an abort is
   * honoured at once even by a transport that is slow to notice it (undici only sees an abort of a request still
   * waiting for a pooled connection once it gets one).
   */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.aborted) {
      promise.catch(ignore);
      return Promise.reject(this.reason);
    }
    return new Promise<T>((resolve, reject) => {
      this.#rejectRace = (reason) => {
        promise.catch(ignore);
        reject(reason);
      };
      promise.then(resolve, reject);
    });
  }
}
