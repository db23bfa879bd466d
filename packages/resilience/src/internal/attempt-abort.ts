const ignore = (): void => undefined;

type Listener = () => void;

/**
 * The abort of one attempt, shaped as undici accepts a request's `signal` besides an AbortSignal: an emitter of one
 * `abort` event with `aborted` and `reason` (undici's `Dispatcher.request` option `signal: AbortSignal |
 * EventEmitter`; it subscribes with `once("abort", …)` and unsubscribes with `removeListener`). Only those emitter
 * methods are implemented: a Node EventEmitter or an AbortController would cost about a microsecond per attempt.
 * A real {@link AbortSignal} is made only when asked for ({@link signal}: a custom `Transport`), and mirrors this.
 */
export class AttemptAbort {
  aborted = false;
  reason: unknown = undefined;
  #listeners: Listener[] = [];
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

  /** Calls `listener` on abort (EventEmitter style; only the `abort` event exists). */
  on(event: string, listener: Listener): this {
    if (event === "abort" && !this.aborted) this.#listeners.push(listener);
    return this;
  }

  /** Same as {@link on}: `abort` is emitted at most once. */
  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  /** Removes `listener` (EventEmitter style). */
  removeListener(event: string, listener: Listener): this {
    const index = event === "abort" ? this.#listeners.indexOf(listener) : -1;
    if (index >= 0) this.#listeners.splice(index, 1);
    return this;
  }

  /** Same as {@link removeListener}. */
  off(event: string, listener: Listener): this {
    return this.removeListener(event, listener);
  }

  /** Aborts with `reason` (the first abort wins): the signal, the `abort` listeners (the transport) and {@link race}. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
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
