import { setTimeout as sleep } from "node:timers/promises";
import { type OrderAnswer, placeOrder } from "../place-order.js";
import { DOWNSTREAM_NAMES, type Stack } from "../start-stack.js";
import { createOrderGenerator } from "./order-generator.js";
import { type PhaseName, phaseSeed, type ScheduledPhase } from "./phases.js";

/** One order of the run, with every answer it got (the first, then the client's retry, if any). */
export interface DrivenOrder {
  readonly index: number;
  readonly orderId: string;
  readonly requestId: string;
  readonly phase: PhaseName;
  /** When the first request was sent, ms since the start of the run. */
  readonly sentAtMs: number;
  readonly answers: OrderAnswer[];
  /** True once the order got its final answer (or failed to get one). */
  settled: boolean;
}

/** The live state a view reads while the run goes on. */
export interface DriverState {
  /** `performance.now()` at the start of the run. */
  readonly startedAt: number;
  phase: ScheduledPhase | undefined;
  elapsedMs: number;
  readonly orders: DrivenOrder[];
  inFlight: number;
}

/** What {@link driveOrders} needs. */
export interface DriverOptions {
  readonly stack: Stack;
  readonly phases: readonly ScheduledPhase[];
  readonly durationMs: number;
  readonly ratePerS: number;
  readonly seed: number;
  /** Budget each order grants checkout-service (`x-outbound-timeout-ms`), in ms. */
  readonly budgetMs: number;
  /** The client's own retries of `POST /orders` (same order id) after a 409/503/504, and the cap of each wait in ms. */
  readonly maxClientRetries: number;
  readonly maxClientRetryWaitMs: number;
  readonly signal?: AbortSignal;
  /** Called when a phase starts, after its fault plans are set. */
  readonly onPhase?: (phase: ScheduledPhase) => void;
}

const RETRIED_BY_CLIENT = new Set([409, 503, 504]);

function applyPhase(stack: Stack, phase: ScheduledPhase, seed: number): void {
  for (const name of DOWNSTREAM_NAMES) stack.downstreams[name].clearFaultPlan();
  for (const fault of phase.faults(phaseSeed(seed, phase.index)))
    stack.downstreams[fault.downstream].setFaultPlan(fault.route, fault.plan);
}

async function runOrder(
  options: DriverOptions,
  order: DrivenOrder,
  body: Parameters<typeof placeOrder>[1],
): Promise<void> {
  let answer = await placeOrder(options.stack.url, body, order.requestId, options.budgetMs);
  order.answers.push(answer);
  // A well-behaved client: after a 409/503/504 it waits as asked (bounded) and sends the same order id again, a
  // bounded number of times. The order id makes that safe: it can never be charged twice.
  for (let retry = 1; retry <= options.maxClientRetries && RETRIED_BY_CLIENT.has(answer.status); retry++) {
    // No abort signal on this wait (it is short and bounded): many orders wait at once.
    await sleep(Math.min((answer.retryAfterS ?? 1) * 1000, options.maxClientRetryWaitMs));
    if (options.signal?.aborted) return;
    answer = await placeOrder(options.stack.url, body, `${order.requestId}-retry${retry}`, options.budgetMs);
    order.answers.push(answer);
  }
}

/**
 * Drives orders at a fixed rate through the phases: sets each phase's fault plans at its start, sends order n at
 * `n / ratePerS` seconds, stops sending at `durationMs` (or on abort), then waits for every order in flight.
 * @returns the live state, complete once the promise resolves
 */
export function driveOrders(options: DriverOptions): {
  readonly state: DriverState;
  readonly done: Promise<DriverState>;
} {
  const started = performance.now();
  const state: DriverState = { startedAt: started, phase: undefined, elapsedMs: 0, orders: [], inFlight: 0 };
  const generator = createOrderGenerator(options.seed);
  const until = async (offsetMs: number) => {
    const wait = started + offsetMs - performance.now();
    if (wait > 0) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
  };
  const phases = (async () => {
    for (const phase of options.phases) {
      await until(phase.startMs);
      if (options.signal?.aborted) return;
      applyPhase(options.stack, phase, options.seed);
      state.phase = phase;
      options.onPhase?.(phase);
    }
  })();
  const done = (async () => {
    const running: Promise<void>[] = [];
    for (let n = 0; n * 1000 < options.durationMs * options.ratePerS; n++) {
      const dueMs = (n * 1000) / options.ratePerS;
      await until(dueMs);
      if (options.signal?.aborted) break;
      state.elapsedMs = performance.now() - started;
      const body = generator.next();
      const order: DrivenOrder = {
        index: n,
        orderId: body.orderId,
        requestId: `demo-${n + 1}`,
        phase: state.phase?.name ?? "healthy",
        sentAtMs: state.elapsedMs,
        answers: [],
        settled: false,
      };
      state.orders.push(order);
      state.inFlight += 1;
      running.push(
        runOrder(options, order, body).finally(() => {
          order.settled = true;
          state.inFlight -= 1;
        }),
      );
    }
    await phases;
    await Promise.allSettled(running);
    state.elapsedMs = performance.now() - started;
    return state;
  })();
  return { state, done };
}
