/** Longest delay `setTimeout` honours; a longer one fires after 1 ms instead (Node's TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2_147_483_647;

/** `ms` clamped to what `setTimeout` honours (0 .. {@link MAX_TIMER_MS}). */
export function clampTimer(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}

/**
 * Something that aborts at most once, with a reason. Subscribers are plain callbacks: no AbortController, no
 * EventTarget listener (creating an AbortSignal costs more than the rest of a call's bookkeeping on Node 20).
 */
export interface AbortSource {
  /** Whether it has aborted (a deadline source also reports true once its time has run out). */
  readonly aborted: boolean;
  /** The reason, once aborted. */
  readonly reason: unknown;
  /**
   * Calls `listener(reason)` once when this aborts, unless unsubscribed first. Check `aborted` before subscribing:
   * a source that has already aborted never calls it. Returns the unsubscribe function (idempotent).
   */
  onAbort(listener: (reason: unknown) => void): () => void;
}

/** Reason of a signal aborted by the call's deadline. */
export class DeadlineReason {
  constructor(readonly totalTimeoutMs: number) {}
}

/** Reason of a signal aborted by an attempt timeout. */
export class AttemptTimeoutReason {
  constructor(readonly timeoutMs: number) {}
}

/** Resolves after `ms`, or rejects with the source's reason as soon as it aborts; the subscription is always removed. */
export function abortableSleep(ms: number, source: AbortSource): Promise<void> {
  return new Promise((resolve, reject) => {
    if (source.aborted) {
      reject(source.reason);
      return;
    }
    const unsubscribe = source.onAbort((reason) => {
      clearTimeout(timer);
      reject(reason);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      resolve();
    }, clampTimer(ms));
  });
}
