import type { BreakerSnapshot, BreakerState } from "../downstream-types.js";
import type { ResolvedBreakerOptions } from "../options.js";
import { SampleWindow } from "./sample-window.js";

/** What an attempt reports to the breaker: a downstream failure, a success, or nothing (caller abort). */
export type BreakerOutcome = "failure" | "success" | "ignore";

/** Leave to send one attempt; report its outcome exactly once (later reports are ignored). */
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

/** The one probe a half-open breaker lets through; identity tells a stale report from the live probe's. */
interface Probe {
  readonly startedAt: number;
}

/**
 * The breaker's state, one case per state, so that no illegal combination can be written (cockatiel's
 * `Closed | Open | HalfOpen`): samples are counted only while closed, an opening time exists only while open,
 * and a probe exists only while half-open.
 */
type State =
  | { readonly name: "closed"; readonly window: SampleWindow }
  | { readonly name: "open"; readonly openedAt: number }
  | { readonly name: "half-open"; readonly probe: Probe | undefined };

/**
 * A circuit breaker: closed → open when, with at least `minimumCalls` samples among the last `windowSize`
 * attempts (none older than `windowMs`), failures / samples >= `failureRatio`; open → half-open once
 * `halfOpenAfterMs` has passed (also on a mere read of the state, so health checks see it without traffic);
 * half-open lets exactly one probe through and refuses every other attempt at once (fail fast); the probe's
 * success closes it (fresh window), its failure reopens it, a caller abort frees the probe slot for the next one.
 * A report from a permit granted in an earlier state is ignored.
 *
 * Why not cockatiel's CircuitBreakerPolicy: it moves open → half-open only when a call arrives, makes non-probe
 * callers wait for the probe without honouring their signal, and counts an aborted probe as a success, which
 * would close the breaker on a caller's cancellation.
 */
export class CircuitBreaker {
  readonly #options: ResolvedBreakerOptions;
  readonly #now: () => number;
  readonly #onTransition: (state: BreakerState) => void;
  #state: State;

  constructor(
    options: ResolvedBreakerOptions,
    onTransition: (state: BreakerState) => void,
    now: () => number = Date.now,
  ) {
    this.#options = options;
    this.#onTransition = onTransition;
    this.#now = now;
    this.#state = { name: "closed", window: new SampleWindow(options.windowSize) };
  }

  /** The state now; an open breaker past `halfOpenAfterMs` turns half-open here. */
  state(): BreakerState {
    const state = this.#state;
    if (state.name === "open" && this.#now() - state.openedAt >= this.#options.halfOpenAfterMs)
      this.#enter({ name: "half-open", probe: undefined });
    return this.#state.name;
  }

  /** State, sliding-window counts (zero unless closed) and next probe time (epoch ms, only while open). */
  snapshot(): BreakerSnapshot {
    this.state();
    const state = this.#state;
    if (state.name === "closed") {
      state.window.prune(this.#now() - this.#options.windowMs);
      return { state: "closed", calls: state.window.size, failures: state.window.failures, nextProbeAt: undefined };
    }
    const nextProbeAt = state.name === "open" ? state.openedAt + this.#options.halfOpenAfterMs : undefined;
    return { state: state.name, calls: 0, failures: 0, nextProbeAt };
  }

  /** Asks to send one attempt. */
  tryAcquire(): BreakerPermit | BreakerRefusal {
    this.state();
    const state = this.#state;
    if (state.name === "open")
      return { ok: false, remainingOpenMs: Math.max(0, state.openedAt + this.#options.halfOpenAfterMs - this.#now()) };
    if (state.name === "half-open") {
      if (state.probe !== undefined) return { ok: false, remainingOpenMs: 0 };
      const probe: Probe = { startedAt: this.#now() };
      this.#state = { name: "half-open", probe };
      return this.#permit((outcome) => this.#recordProbe(probe, outcome), true);
    }
    const window = state.window;
    return this.#permit((outcome) => this.#recordClosed(window, outcome), false);
  }

  #permit(record: (outcome: BreakerOutcome) => void, probe: boolean): BreakerPermit {
    let recorded = false;
    return {
      ok: true,
      probe,
      record: (outcome) => {
        if (recorded) return;
        recorded = true;
        record(outcome);
      },
    };
  }

  #recordProbe(probe: Probe, outcome: BreakerOutcome): void {
    const state = this.#state;
    if (state.name !== "half-open" || state.probe !== probe) return;
    if (outcome === "success") this.#enter({ name: "closed", window: new SampleWindow(this.#options.windowSize) });
    else if (outcome === "failure") this.#enter({ name: "open", openedAt: this.#now() });
    else this.#state = { name: "half-open", probe: undefined };
  }

  /** Counts a sample in `window`, if it is still the live closed state's window. */
  #recordClosed(window: SampleWindow, outcome: BreakerOutcome): void {
    const state = this.#state;
    if (outcome === "ignore" || state.name !== "closed" || state.window !== window) return;
    const now = this.#now();
    window.push(now, outcome === "failure");
    window.prune(now - this.#options.windowMs);
    if (outcome !== "failure" || window.size < this.#options.minimumCalls) return;
    if (window.failures / window.size >= this.#options.failureRatio) this.#enter({ name: "open", openedAt: now });
  }

  #enter(state: State): void {
    this.#state = state;
    this.#onTransition(state.name);
  }
}
