/** What to do after a retryable failure, decided before any wait starts. */
export type RetryPlan =
  | { readonly kind: "wait"; readonly delayMs: number; readonly source: "backoff" | "retry-after" }
  | { readonly kind: "retry-after-too-long"; readonly retryAfterMs: number }
  | { readonly kind: "past-deadline"; readonly delayMs: number; readonly retryAfterMs: number | undefined };

/** Inputs of {@link planRetry}; all durations in ms. */
export interface RetryPlanInput {
  /** The server's requested wait (Retry-After / retry-after-ms), when valid. */
  readonly retryAfterMs: number | undefined;
  /** The backoff schedule's next delay. */
  readonly backoffMs: number;
  /** Longest Retry-After honoured, inclusive (a wait of exactly `maxRetryAfterMs` is honoured). */
  readonly maxRetryAfterMs: number;
  /** Time left before the deadline. */
  readonly remainingMs: number;
  /** Least time an attempt needs after the wait. */
  readonly minAttemptTimeMs: number;
}

/**
 * Decides the wait before the next attempt. A valid Retry-After replaces the backoff (RFC 9110 §10.2.3 asks the
 * client to wait that long); above `maxRetryAfterMs` the call fails at once instead of parking for minutes; a
 * wait that leaves less than `minAttemptTimeMs` before the deadline fails at once too (with the wait reported).
 */
export function planRetry(input: RetryPlanInput): RetryPlan {
  if (input.retryAfterMs !== undefined && input.retryAfterMs > input.maxRetryAfterMs) {
    return { kind: "retry-after-too-long", retryAfterMs: input.retryAfterMs };
  }
  const source = input.retryAfterMs === undefined ? "backoff" : "retry-after";
  const delayMs = input.retryAfterMs ?? input.backoffMs;
  if (delayMs + input.minAttemptTimeMs > input.remainingMs) {
    return { kind: "past-deadline", delayMs, retryAfterMs: input.retryAfterMs };
  }
  return { kind: "wait", delayMs, source };
}
