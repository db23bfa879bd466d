import type { AbortSource } from "./abort-source.js";

/** Thrown by {@link Bulkhead.acquire} when every slot is taken and the queue is full. */
export class BulkheadRejection {
  constructor(
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}
}

interface Waiter {
  readonly grant: () => void;
}

/**
 * A per-downstream bulkhead: at most `maxConcurrent` attempts in flight, at most `maxQueue` waiting in FIFO order.
 * A waiter whose abort source (the call's deadline) aborts leaves the queue at once and rejects with its reason (cockatiel's bulkhead
 * only notices an aborted waiter when it reaches the front, so its queue slot stays taken until then).
 */
export class Bulkhead {
  readonly #queue: Waiter[] = [];
  #running = 0;

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueue: number,
  ) {}

  /** Attempts in flight now. */
  get running(): number {
    return this.#running;
  }

  /** Attempts waiting now. */
  get queued(): number {
    return this.#queue.length;
  }

  /** Takes a free slot at once and returns its (idempotent) release function; undefined when none is free. */
  tryAcquire(): (() => void) | undefined {
    if (this.#running >= this.maxConcurrent) return undefined;
    this.#running += 1;
    return this.#release();
  }

  /**
   * Waits for a slot and returns its (idempotent) release function.
   * @throws BulkheadRejection when full; the source's reason when it aborts while queued.
   */
  acquire(source: AbortSource): Promise<() => void> {
    if (source.aborted) return Promise.reject(source.reason);
    if (this.#running < this.maxConcurrent) {
      this.#running += 1;
      return Promise.resolve(this.#release());
    }
    if (this.#queue.length >= this.maxQueue)
      return Promise.reject(new BulkheadRejection(this.maxConcurrent, this.maxQueue));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          unsubscribe();
          this.#running += 1;
          resolve(this.#release());
        },
      };
      this.#queue.push(waiter);
      const unsubscribe = source.onAbort((reason) => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        reject(reason);
      });
    });
  }

  #release(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#running -= 1;
      this.#queue.shift()?.grant();
    };
  }
}
