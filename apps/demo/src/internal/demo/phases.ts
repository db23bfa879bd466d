import type { FaultPlan } from "@outbound/testkit";
import type { DownstreamName } from "../start-stack.js";

/** The demo's phases, in order. */
export type PhaseName =
  | "healthy"
  | "payments-503"
  | "payments-hang"
  | "payments-down"
  | "recovery"
  | "notifications-reset";

/** One phase: its share of the run and the fault plans it sets when it starts (every other route passes). */
export interface PhaseDefinition {
  readonly name: PhaseName;
  readonly label: string;
  /** Share of the run's duration; the shares add up to 1. */
  readonly share: number;
  /** The plans of the phase; `seed` makes each random mix reproducible. */
  faults(
    seed: number,
  ): readonly { readonly downstream: DownstreamName; readonly route: string; readonly plan: FaultPlan }[];
}

/** A phase placed on the run's clock. */
export interface ScheduledPhase extends PhaseDefinition {
  readonly index: number;
  /** Offsets from the start of the run, in ms. */
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * healthy → payments answering 503 with Retry-After → payments hanging past its attempt timeout (some after
 * committing the charge: the case that duplicates charges in real life) → payments down (every connection reset,
 * so the breaker opens and calls fail fast) → recovery (half-open probe, the breaker closes) → notifications
 * resetting connections after accepting the message.
 */
export const PHASES: readonly PhaseDefinition[] = [
  { name: "healthy", label: "healthy", share: 0.14, faults: () => [] },
  {
    name: "payments-503",
    label: "payments: 503 with Retry-After",
    share: 0.17,
    faults: (seed) => [
      {
        downstream: "payments",
        route: "createCharge",
        plan: {
          mode: "random",
          seed,
          mix: [
            { weight: 35, fault: { kind: "respond", status: 503, retryAfter: { seconds: 1 } } },
            { weight: 65, fault: { kind: "pass" } },
          ],
        },
      },
    ],
  },
  {
    name: "payments-hang",
    label: "payments: hanging past the attempt timeout",
    share: 0.17,
    faults: (seed) => [
      {
        downstream: "payments",
        route: "createCharge",
        plan: {
          mode: "random",
          seed,
          mix: [
            { weight: 2, fault: { kind: "hang", commit: true } },
            { weight: 1, fault: { kind: "hang" } },
            { weight: 7, fault: { kind: "pass" } },
          ],
        },
      },
    ],
  },
  {
    name: "payments-down",
    label: "payments: down (connections reset)",
    share: 0.17,
    faults: (seed) => [
      {
        downstream: "payments",
        route: "createCharge",
        plan: { mode: "random", seed, mix: [{ weight: 1, fault: { kind: "reset" } }] },
      },
    ],
  },
  { name: "recovery", label: "recovery: half-open probe, breaker closes", share: 0.17, faults: () => [] },
  {
    name: "notifications-reset",
    label: "notifications: reset after accepting",
    share: 0.18,
    faults: (seed) => [
      {
        downstream: "notifications",
        route: "sendMessage",
        plan: {
          mode: "random",
          seed,
          mix: [
            { weight: 3, fault: { kind: "reset", commit: true } },
            { weight: 7, fault: { kind: "pass" } },
          ],
        },
      },
    ],
  },
];

/** Places {@link PHASES} on a run of `durationMs`: contiguous, the last one ending exactly at `durationMs`. */
export function schedulePhases(durationMs: number, phases: readonly PhaseDefinition[] = PHASES): ScheduledPhase[] {
  let start = 0;
  return phases.map((phase, index) => {
    const end = index === phases.length - 1 ? durationMs : Math.round(start + phase.share * durationMs);
    const scheduled = { ...phase, index, startMs: start, endMs: end };
    start = end;
    return scheduled;
  });
}

/** The phase seed: distinct per phase, the same for the same run seed. */
export function phaseSeed(runSeed: number, phaseIndex: number): number {
  return (Math.imul(runSeed ^ 0x9e3779b9, 31) + phaseIndex * 0x85ebca6b) >>> 0;
}
