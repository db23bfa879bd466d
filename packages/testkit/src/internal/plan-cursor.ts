import type { Fault, FaultPlan, RandomPlan, ScriptPlan, TimelinePlan } from "../fault-plan.js";

const PASS: Fault = { kind: "pass" };

/** mulberry32: a tiny 32-bit PRNG; the same seed gives the same sequence on every platform. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Chooses the fault for each request of one route. */
export interface PlanCursor {
  /** The fault for the next request; `idempotencyKey` is the request's key header, if any. */
  next(idempotencyKey: string | undefined): Fault;
}

function scriptCursor(plan: ScriptPlan): PlanCursor {
  const flat: Fault[] = plan.steps.flatMap((step) =>
    "kind" in step ? [step] : Array.from({ length: step.times }, () => step.fault),
  );
  const counters = new Map<string, number>();
  return {
    next(key) {
      const counterKey = plan.countBy === "idempotency-key" ? (key ?? "") : "";
      const index = counters.get(counterKey) ?? 0;
      counters.set(counterKey, index + 1);
      if (index < flat.length) return flat[index] as Fault;
      if (plan.loop === true && flat.length > 0) return flat[index % flat.length] as Fault;
      return plan.after ?? PASS;
    },
  };
}

function randomCursor(plan: RandomPlan): PlanCursor {
  const random = mulberry32(plan.seed);
  const total = plan.mix.reduce((sum, entry) => sum + entry.weight, 0);
  return {
    next() {
      let roll = random() * total;
      for (const entry of plan.mix) {
        roll -= entry.weight;
        if (roll < 0) return entry.fault;
      }
      return plan.mix[plan.mix.length - 1]?.fault ?? PASS;
    },
  };
}

function timelineCursor(plan: TimelinePlan, now: () => number): PlanCursor {
  const start = now();
  return {
    next() {
      const elapsed = now() - start;
      const phase =
        plan.phases.find((p) => p.untilMs === undefined || elapsed < p.untilMs) ?? plan.phases[plan.phases.length - 1];
      return phase?.fault ?? PASS;
    },
  };
}

/** A fresh cursor for a plan: counters, PRNG and timeline start from zero now. */
export function createPlanCursor(plan: FaultPlan, now: () => number): PlanCursor {
  if (plan.mode === "script") return scriptCursor(plan);
  if (plan.mode === "random") return randomCursor(plan);
  return timelineCursor(plan, now);
}
