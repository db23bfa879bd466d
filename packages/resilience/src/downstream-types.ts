/** The state of a circuit breaker. */
export type BreakerState = "closed" | "open" | "half-open";

/** A breaker's state with the counts of its sliding window, for health checks and dashboards. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Attempts in the sliding window (counted only while closed; a new window starts when it closes). */
  readonly calls: number;
  /** Failed attempts in the sliding window. */
  readonly failures: number;
  /** Epoch ms from which a probe may go; set only while `open`. */
  readonly nextProbeAt: number | undefined;
}

/**
 * What a service sees of one downstream (`client.downstream`): its name and its circuit breaker. The breaker,
 * bulkhead and retry budget are shared by every call the client makes.
 */
export interface Downstream {
  /** The downstream's name (the `specs/<name>` folder), used in errors, spans and metrics. */
  readonly name: string;
  /**
   * The breaker's state now; `open` turns to `half-open` on read once `halfOpenAfterMs` has passed (so a health
   * check sees it without traffic). With `breaker.scope: "operation"`, pass the operationId.
   */
  breakerState(operationId?: string): BreakerState;
  /** The breaker's state, sliding-window counts and next probe time. With `breaker.scope: "operation"`, pass the operationId. */
  breakerSnapshot(operationId?: string): BreakerSnapshot;
}
