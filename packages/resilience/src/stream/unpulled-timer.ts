/**
 * The caller's side of a stream's clock: runs while no pull is in progress (before the first `next()`, and between
 * an event handed to the caller and the next `next()`), and calls `onExpire` once `timeoutMs` pass so. The time a
 * pull waits for the socket is the idle timer's (`idleTimeoutMs`), never this one's. One Node timer per stream,
 * refreshed (not reallocated) at the end of each pull.
 */
export class UnpulledTimer {
  #pulling = false;
  #cleared = false;
  readonly #timer: ReturnType<typeof setTimeout>;

  /** Starts unpulled: the stream is handed over with nobody pulling yet. `timeoutMs` in ms. */
  constructor(timeoutMs: number, onExpire: () => void) {
    this.#timer = setTimeout(() => {
      if (!this.#pulling) onExpire();
    }, timeoutMs);
  }

  /** A pull began (`next()`): the caller is there; the timer, if it fires meanwhile, does nothing. */
  pullStarted(): void {
    this.#pulling = true;
  }

  /** A pull ended with an event handed over: the caller's time starts again from now. */
  pullEnded(): void {
    this.#pulling = false;
    if (!this.#cleared) this.#timer.refresh();
  }

  /** Stops the timer for good (the stream closed). */
  clear(): void {
    this.#cleared = true;
    clearTimeout(this.#timer);
  }
}
