import { AbortScope, DeadlineReason } from "./abort-scope.js";

/**
 * The deadline of one logical call: an absolute time (epoch ms) merged with the caller's AbortSignal. Its
 * `signal` aborts with the caller's reason, or with a {@link DeadlineReason} when the time runs out.
 * `dispose()` must run when the call settles; it removes the listener on the caller's signal and the timer.
 */
export class Deadline {
  readonly #scope: AbortScope;
  /** Absolute deadline, epoch ms. */
  readonly deadlineAt: number;
  /** The budget the deadline was computed from, in ms (for error messages). */
  readonly totalTimeoutMs: number;

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
    this.#scope = new AbortScope([options.signal]);
    this.#scope.abortAfter(this.deadlineAt - now, () => new DeadlineReason(this.totalTimeoutMs));
  }

  /** Aborts on caller abort (caller's reason) or expiry ({@link DeadlineReason}). */
  get signal(): AbortSignal {
    return this.#scope.signal;
  }

  /** Merges one more caller signal (e.g. the Request's own `signal`); its listener is removed on dispose. */
  follow(signal: AbortSignal): void {
    this.#scope.follow(signal);
  }

  /** Milliseconds left, never negative. */
  remainingMs(now: number = Date.now()): number {
    return Math.max(0, this.deadlineAt - now);
  }

  /** Releases the caller-signal listener and the timer. Idempotent. */
  dispose(): void {
    this.#scope.dispose();
  }
}
