import { writeFile } from "node:fs/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ledgerFigures, openSocketsAfterClose } from "../ledger-figures.js";
import { followPaymentFeed, type PaymentFeed } from "../payment-feed.js";
import { type PaymentsWalk, walkPayments } from "../payments-walk.js";
import { placeOrder } from "../place-order.js";
import { renderReport } from "../report/render-report.js";
import type { ReportData, ReportInvariant } from "../report/report-data.js";
import { DOWNSTREAM_NAMES, type Stack, startStack } from "../start-stack.js";
import { attemptsFromMetrics, collectReport, type ReportInputs } from "./collect-report.js";
import { checkInvariants } from "./invariants.js";
import { type DriverState, driveOrders } from "./load-driver.js";
import { createOrderGenerator } from "./order-generator.js";
import { type ScheduledPhase, schedulePhases } from "./phases.js";
import { downstreamStats } from "./run-stats.js";
import { formatSummary, summaryRows, unconfirmedCharges } from "./summary.js";
import { type DemoTelemetry, startTelemetry } from "./telemetry.js";
import { createLiveView, createQuietView, type DemoView, type ViewContext } from "./views.js";

/** Options of {@link runDemo}; see {@link DEFAULT_DEMO_OPTIONS}. */
export interface DemoOptions {
  /** Length of the run in seconds (orders stop being sent then; answers in flight are awaited). @default 45 */
  readonly durationS?: number;
  /** Orders per second, a fixed count. @default 8 */
  readonly ratePerS?: number;
  /** Seed of the fault schedule and of the orders: the same seed gives the same schedule. @default 1 */
  readonly seed?: number;
  /** Where the HTML report is written. @default "outbound-demo-report.html" */
  readonly reportPath?: string;
  /** Live view (TTY) or quiet lines. @default live when stdout is a TTY */
  readonly live?: boolean;
  /** Where lines go. @default console.log */
  readonly write?: (line: string) => void;
  /** Stops the run early (Ctrl-C); the summary and report are still produced. */
  readonly signal?: AbortSignal;
}

/** The defaults of {@link DemoOptions}. */
export const DEFAULT_DEMO_OPTIONS = Object.freeze({
  durationS: 45,
  ratePerS: 8,
  seed: 1,
  reportPath: "outbound-demo-report.html",
});

/** Budget each order grants checkout-service (`x-outbound-timeout-ms`), in ms: long enough for one retry after a 3 s attempt timeout. */
export const ORDER_BUDGET_MS = 4_000;

/** What a run came to. */
export interface DemoResult {
  readonly invariants: readonly ReportInvariant[];
  readonly ok: boolean;
  readonly reportPath: string;
  readonly report: ReportData;
  /** checkout-service's walk over every charge of payments after the run (pages, token requests). */
  readonly walk: PaymentsWalk;
  /** One confirmed order's payment events followed through checkout-service after the run. */
  readonly feed: PaymentFeed;
}

type ResolvedDemoOptions = DemoOptions &
  Required<Pick<DemoOptions, "durationS" | "ratePerS" | "seed" | "reportPath" | "write">>;

function resolveDemoOptions(options: DemoOptions): ResolvedDemoOptions {
  const o = { ...DEFAULT_DEMO_OPTIONS, write: (line: string) => console.log(line), ...options };
  if (!(o.durationS >= 5 && o.durationS <= 600))
    throw new RangeError(`--duration must be 5 to 600 seconds, got ${o.durationS}`);
  if (!(o.ratePerS > 0 && o.ratePerS <= 200))
    throw new RangeError(`--rate must be above 0 and at most 200 orders/s, got ${o.ratePerS}`);
  if (!Number.isInteger(o.seed)) throw new RangeError(`--seed must be an integer, got ${o.seed}`);
  return o;
}

/** Drives the orders through the phases while a view watches; resolves when every order has its answer. */
async function watchRun(stack: Stack, o: ResolvedDemoOptions, phases: readonly ScheduledPhase[]): Promise<DriverState> {
  let view: DemoView | undefined;
  const run = driveOrders({
    stack,
    phases,
    durationMs: o.durationS * 1000,
    ratePerS: o.ratePerS,
    seed: o.seed,
    budgetMs: ORDER_BUDGET_MS,
    maxClientRetries: 2,
    maxClientRetryWaitMs: 3_000,
    onPhase: (phase) => view?.phaseStarted(phase),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const context: ViewContext = {
    stack,
    state: run.state,
    phases,
    seed: o.seed,
    ratePerS: o.ratePerS,
    durationMs: o.durationS * 1000,
  };
  view = (o.live ?? process.stdout.isTTY === true) ? createLiveView(context) : createQuietView(context, o.write);
  if (run.state.phase !== undefined) view.phaseStarted(run.state.phase);
  try {
    return await run.done;
  } finally {
    view.finish();
  }
}

/**
 * Places one order and sets every phase's fault plans once before the run, then forgets them: the first request
 * compiles the servers' validators and the first plan the plan schema, one-off stalls that would otherwise
 * count against the run's event-loop delay. `reset()` keeps plans, so they are cleared explicitly.
 */
async function warmUp(stack: Stack, phases: readonly ScheduledPhase[]): Promise<void> {
  const order = { ...createOrderGenerator(0).next(), orderId: "ord-warm-up" };
  await placeOrder(stack.url, order, "warm-up");
  // Setting a plan validates it against the testkit's plan schema, compiled on first use.
  for (const phase of phases)
    for (const fault of phase.faults(0)) stack.downstreams[fault.downstream].setFaultPlan(fault.route, fault.plan);
  for (const name of DOWNSTREAM_NAMES) {
    stack.downstreams[name].clearFaultPlan();
    stack.downstreams[name].reset();
  }
  stack.journal.reset();
}

/** The first order the run confirmed (the warm-up order when none was). */
function feedOrderId(state: DriverState): string {
  const confirmed = state.orders.find((o) => [200, 201].includes(o.answers[o.answers.length - 1]?.status ?? 0));
  return confirmed?.orderId ?? "ord-warm-up";
}

/**
 * Runs the demo: testkit downstreams and checkout-service in this process, orders at a fixed rate through the
 * phases, a live or quiet view, then the summary with the invariants, and the HTML report. Everything it
 * started is closed before the invariants are checked (sockets left open is one of them), also on failure.
 * @throws RangeError for a duration, rate or seed out of range
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const o = resolveDemoOptions(options);
  const phases = schedulePhases(o.durationS * 1000);
  let telemetry: DemoTelemetry | undefined;
  let stack: Stack | undefined;
  let collected: Omit<ReportInputs, "invariants" | "summary"> & {
    rows: Record<string, string | number>[];
    unconfirmed: number;
    eventLoopDelayMs: number;
    walk: PaymentsWalk;
    feed: PaymentFeed;
  };
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  try {
    // A shorter half-open delay than the default 5 s, so recovery shows within its phase.
    stack = await startStack({
      clientOptions: { payments: { breaker: { halfOpenAfterMs: 2_500, minimumCalls: 8, windowSize: 20 } } },
    });
    await warmUp(stack, phases);
    telemetry = startTelemetry();
    const startedAtMs = Date.now();
    loopDelay.enable();
    const state = await watchRun(stack, o, phases);
    loopDelay.disable();
    const rows = summaryRows(downstreamStats(stack), attemptsFromMetrics(await telemetry.collectMetrics()));
    const unconfirmed = unconfirmedCharges(ledgerFigures(stack), state);
    // After the run, checkout-service walks every charge of payments page by page (its reconciliation).
    const walk = await walkPayments(stack);
    // Then one confirmed order's payment events through checkout-service: healthy, and with payments stalling.
    const feed = await followPaymentFeed(stack, feedOrderId(state));
    collected = {
      stack,
      state,
      phases,
      spans: telemetry.spans(),
      startedAtMs,
      seed: o.seed,
      ratePerS: o.ratePerS,
      durationMs: o.durationS * 1000,
      rows,
      unconfirmed,
      eventLoopDelayMs: loopDelay.max / 1e6,
      walk,
      feed,
    };
  } finally {
    await stack?.close();
    await telemetry?.shutdown();
  }
  const { invariants } = checkInvariants({
    ...collected,
    budgetMs: ORDER_BUDGET_MS,
    socketsLeftOpen: await openSocketsAfterClose(),
  });
  for (const line of formatSummary(collected, invariants)) o.write(line);
  const report = collectReport({ ...collected, summary: collected.rows, invariants });
  await writeFile(o.reportPath, renderReport(report));
  o.write(`\nReport: ${o.reportPath}`);
  return {
    invariants,
    ok: invariants.every((i) => i.ok),
    reportPath: o.reportPath,
    report,
    walk: collected.walk,
    feed: collected.feed,
  };
}
