/** Longest delay `setTimeout` honours; a longer one fires after 1 ms instead (Node's TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

function clampTimer(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}

/**
 * An AbortController driven by parent signals and an optional timer. Every listener it adds to a parent and every
 * timer it starts is removed by `dispose()` (idempotent), which also runs once it aborts: a caller's long-lived
 * signal never accumulates listeners (case 010, cockatiel #81).
 */
export class AbortScope {
  readonly #controller = new AbortController();
  #cleanups: (() => void)[] = [];

  constructor(parents: readonly (AbortSignal | undefined)[]) {
    for (const parent of parents) this.follow(parent);
  }

  /** Aborts this scope when `parent` aborts (at once if it already has); the listener is removed on dispose. */
  follow(parent: AbortSignal | undefined): void {
    if (parent === undefined || this.signal.aborted) return;
    if (parent.aborted) {
      this.abort(parent.reason);
      return;
    }
    const onAbort = (): void => this.abort(parent.reason);
    parent.addEventListener("abort", onAbort, { once: true });
    this.#cleanups.push(() => parent.removeEventListener("abort", onAbort));
  }

  /** The derived signal; its `reason` is the first parent's reason or the timer's reason. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Aborts with `reason()` after `ms` unless aborted or disposed first. */
  abortAfter(ms: number, reason: () => unknown): void {
    if (this.signal.aborted) return;
    const timer = setTimeout(() => this.abort(reason()), clampTimer(ms));
    this.#cleanups.push(() => clearTimeout(timer));
  }

  /** Aborts with `reason` (first abort wins) and releases every listener and timer. */
  abort(reason: unknown): void {
    if (!this.signal.aborted) this.#controller.abort(reason);
    this.dispose();
  }

  /** Removes every listener added to a parent and clears the timer. */
  dispose(): void {
    const cleanups = this.#cleanups;
    this.#cleanups = [];
    for (const cleanup of cleanups) cleanup();
  }
}

/** Reason of a signal aborted by the call's deadline. */
export class DeadlineReason {
  constructor(readonly totalTimeoutMs: number) {}
}

/** Reason of a signal aborted by an attempt timeout. */
export class AttemptTimeoutReason {
  constructor(readonly timeoutMs: number) {}
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; the listener is always removed. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, clampTimer(ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
