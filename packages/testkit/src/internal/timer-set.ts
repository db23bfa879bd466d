/** Timers of one server, so that `close()` can cancel every pending delay and leave no handle behind. */
export class TimerSet {
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  /**
   * Resolves after `ms` milliseconds (at once for 0). After {@link clear}, pending and new sleeps never
   * resolve: the work waiting on them is abandoned with the server.
   */
  sleep(ms: number): Promise<void> {
    if (this.#closed) return new Promise<void>(() => {});
    if (ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  /** Cancels every pending timer for good. */
  clear(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
