import type { BreakerState } from "../downstream-types.js";
import type { ResolvedBreakerOptions } from "../options.js";
import { SampleWindow } from "./sample-window.js";

/** What an attempt reports to the breaker: a downstream failure, a success, or nothing (caller abort). */
export type BreakerOutcome = "failure" | "success" | "ignore";

/** Leave to send one attempt; report its outcome exactly once. */
export interface BreakerPermit {
  readonly ok: true;
  /** True when this attempt is the half-open probe. */
  readonly probe: boolean;
  record(outcome: BreakerOutcome): void;
}

/** Refusal: the breaker is open, or half-open with its probe in flight. */
export interface BreakerRefusal {
  readonly ok: false;
  /** ms until a probe may go (0 while a probe is in flight). */
  readonly remainingOpenMs: number;
}

/** Counts of the sliding window, and when the next probe may go. */
export interface BreakerStats {
  readonly state: BreakerState;
  readonly calls: number;
  readonly failures: number;
  /** Epoch ms from which a probe may go (only while open). */
  readonly nextProbeAt: number | undefined;
}

/**
 * A circuit breaker: closed → open when, with at least `minimumCalls` samples among the last `windowSize`
 * attempts (none older than `windowMs`), failures / samples >= `failureRatio`; open → half-open once
 * `halfOpenAfterMs` has passed (also on a mere read of the state, so health checks see it without traffic);
 * half-open lets exactly one probe through and refuses every other attempt at once (fail fast); the probe's
 * success closes it (window cleared), its failure reopens it, a caller abort frees the probe slot for the next one.
 *
 * Why not cockatiel's CircuitBreakerPolicy: it moves open → half-open only when a call arrives (cockatiel #91),
 * makes non-probe callers wait for the probe without honouring their signal (PR #112), and counts an aborted probe
 * as a success, which would close the breaker on a caller's cancellation (case 012).
 */
export class CircuitBreaker {
  readonly #options: ResolvedBreakerOptions;
  readonly #now: () => number;
  readonly #onTransition: (state: BreakerState) => void;
  #state: BreakerState = "closed";
  #openedAt = 0;
  #probeInFlight = false;
  #generation = 0;
  readonly #window: SampleWindow;

  constructor(
    options: ResolvedBreakerOptions,
    onTransition: (state: BreakerState) => void,
    now: () => number = Date.now,
  ) {
    this.#options = options;
    this.#window = new SampleWindow(options.windowSize);
    this.#onTransition = onTransition;
    this.#now = now;
  }

  /** The state now; an open breaker past `halfOpenAfterMs` turns half-open here. */
  state(): BreakerState {
    if (this.#state === "open" && this.#now() - this.#openedAt >= this.#options.halfOpenAfterMs)
      this.#transition("half-open");
    return this.#state;
  }

  /** Window counts and next probe time. */
  stats(): BreakerStats {
    const state = this.state();
    this.#window.prune(this.#now() - this.#options.windowMs);
    return {
      state,
      calls: this.#window.size,
      failures: this.#window.failures,
      nextProbeAt: state === "open" ? this.#openedAt + this.#options.halfOpenAfterMs : undefined,
    };
  }

  /** Asks to send one attempt. */
  tryAcquire(): BreakerPermit | BreakerRefusal {
    const state = this.state();
    if (state === "open")
      return { ok: false, remainingOpenMs: Math.max(0, this.#openedAt + this.#options.halfOpenAfterMs - this.#now()) };
    if (state === "half-open") {
      if (this.#probeInFlight) return { ok: false, remainingOpenMs: 0 };
      this.#probeInFlight = true;
      return this.#permit(true);
    }
    return this.#permit(false);
  }

  #permit(probe: boolean): BreakerPermit {
    const generation = this.#generation;
    let recorded = false;
    return {
      ok: true,
      probe,
      record: (outcome) => {
        if (recorded) return;
        recorded = true;
        if (probe) this.#recordProbe(outcome);
        else if (generation === this.#generation && this.#state === "closed") this.#recordClosed(outcome);
      },
    };
  }

  #recordProbe(outcome: BreakerOutcome): void {
    this.#probeInFlight = false;
    if (this.#state !== "half-open") return;
    if (outcome === "success") {
      this.#window.clear();
      this.#transition("closed");
    } else if (outcome === "failure") {
      this.#open();
    }
  }

  #recordClosed(outcome: BreakerOutcome): void {
    if (outcome === "ignore") return;
    const window = this.#window;
    const now = this.#now();
    window.push(now, outcome === "failure");
    window.prune(now - this.#options.windowMs);
    if (outcome !== "failure" || window.size < this.#options.minimumCalls) return;
    if (window.failures / window.size >= this.#options.failureRatio) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#now();
    this.#window.clear();
    this.#transition("open");
  }

  #transition(state: BreakerState): void {
    this.#state = state;
    this.#generation += 1;
    this.#onTransition(state);
  }
}
