import { type AbortSource, clampTimer, DeadlineReason } from "./abort-source.js";

type Listener = (reason: unknown) => void;

/**
 * The deadline of one logical call: an absolute time (epoch ms) merged with the caller's AbortSignals. It aborts
 * with the first caller's reason, or with a {@link DeadlineReason} once the time runs out; the first abort wins.
 *
 * Cheap on the path every call takes: no AbortController, and no timer until something waits on it with
 * {@link onAbort} (a bulkhead queue, a backoff sleep). An attempt needs none: its own timer is clamped to the time
 * left and reports a {@link DeadlineReason} itself, and {@link aborted} compares the clock. One listener per caller
 * signal is added; every listener and the timer are removed by `dispose()` (idempotent), which also runs once it
 * aborts: a caller's long-lived signal never accumulates listeners.
 */
export class Deadline implements AbortSource {
  /** Absolute deadline, epoch ms. */
  readonly deadlineAt: number;
  /** The budget the deadline was computed from, in ms (for error messages). */
  readonly totalTimeoutMs: number;
  #aborted = false;
  #reason: unknown;
  #disposed = false;
  /** Made on first use: most calls never have a listener or a caller signal. */
  #listeners: Listener[] | undefined;
  #cleanups: (() => void)[] | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: {
    readonly totalTimeoutMs: number;
    readonly inboundDeadlineAt?: number | undefined;
    readonly signal?: AbortSignal | undefined;
    readonly now?: number;
  }) {
    const now = options.now ?? Date.now();
    const own = now + options.totalTimeoutMs;
    this.deadlineAt = options.inboundDeadlineAt === undefined ? own : Math.min(own, options.inboundDeadlineAt);
    this.totalTimeoutMs = this.deadlineAt - now;
    this.follow(options.signal);
  }

  /** True once a caller signal aborted or the time ran out (checked against the clock, timer or not). */
  get aborted(): boolean {
    if (!this.#aborted && Date.now() >= this.deadlineAt) this.#abort(new DeadlineReason(this.totalTimeoutMs));
    return this.#aborted;
  }

  /** The caller's reason, or a {@link DeadlineReason}; undefined while not aborted. */
  get reason(): unknown {
    return this.aborted ? this.#reason : undefined;
  }

  /** Merges one more caller signal; its listener is removed on dispose. */
  follow(signal: AbortSignal | undefined): void {
    if (signal === undefined || this.#aborted || this.#disposed) return;
    if (signal.aborted) {
      this.#abort(signal.reason);
      return;
    }
    const onAbort = (): void => this.#abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    this.#cleanups ??= [];
    this.#cleanups.push(() => signal.removeEventListener("abort", onAbort));
  }

  /**
   * Calls `listener` when a caller signal aborts or the time runs out (a timer is started for this, once). For a
   * waiter that has no timer of its own.
   */
  onAbort(listener: Listener): () => void {
    if (this.#timer === undefined && !this.#aborted && !this.#disposed) {
      this.#timer = setTimeout(
        () => this.#abort(new DeadlineReason(this.totalTimeoutMs)),
        clampTimer(this.deadlineAt - Date.now()),
      );
    }
    return this.onCallerAbort(listener);
  }

  /**
   * Calls `listener` when this aborts, without starting the deadline's timer: for an attempt, whose own timer is
   * already clamped to the time left.
   */
  onCallerAbort(listener: Listener): () => void {
    this.#listeners ??= [];
    const listeners = this.#listeners;
    listeners.push(listener);
    return () => {
      const index = listeners.indexOf(listener);
      if (index >= 0) listeners.splice(index, 1);
    };
  }

  /** Milliseconds left, never negative. */
  remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.deadlineAt - now);
  }

  /** Releases the caller-signal listeners and the timer. Idempotent. */
  dispose(): void {
    this.#disposed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const cleanups = this.#cleanups;
    if (cleanups === undefined) return;
    this.#cleanups = undefined;
    for (const cleanup of cleanups) cleanup();
  }

  #abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    this.dispose();
    for (const listener of listeners ?? []) listener(reason);
  }
}
