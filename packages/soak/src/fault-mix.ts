import type { Fault, FaultPlan } from "@outbound/testkit";

/**
 * The conformance fault mix, per route, as seeded testkit `random` plans: 5xx, 429 with Retry-After (short, in
 * `retry-after-ms`, and 1 s, which a 1 s deadline cannot wait for), resets before any byte, resets after the side
 * effect was committed (side-effect-then-failure), 5xx after a committed side effect, and hangs (cut by the
 * attempt timeout). About one request in six faults (one in five where side effects can be committed).
 */
function mix(seed: number, faults: readonly (readonly [number, Fault])[]): FaultPlan {
  return { mode: "random", seed, mix: faults.map(([weight, fault]) => ({ weight, fault })) };
}

const common: readonly (readonly [number, Fault])[] = [
  [85, { kind: "pass" }],
  [4, { kind: "respond", status: 503 }],
  [2, { kind: "respond", status: 500 }],
  [4, { kind: "respond", status: 429, retryAfter: { ms: 20 } }],
  [1, { kind: "respond", status: 429, retryAfter: { seconds: 1 } }],
  [5, { kind: "reset" }],
  [2, { kind: "hang" }],
];

/** Faults that also carry out the operation first: the client cannot know the side effect happened. */
const sideEffectThenFailure: readonly (readonly [number, Fault])[] = [
  [4, { kind: "reset", commit: true }],
  [3, { kind: "respond", status: 500, commit: true }],
];

/** Plans by testkit route selector (operationId), for the payments and notifications servers. */
export function faultPlans(seed: number): {
  readonly payments: Readonly<Record<string, FaultPlan>>;
  readonly notifications: Readonly<Record<string, FaultPlan>>;
} {
  return {
    payments: {
      createCharge: mix(seed, [...common, ...sideEffectThenFailure]),
      getCharge: mix(seed + 1, common),
    },
    notifications: { sendMessage: mix(seed + 2, [...common, ...sideEffectThenFailure]) },
  };
}
