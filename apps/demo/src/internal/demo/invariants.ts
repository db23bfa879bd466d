import { hrTimeToMilliseconds } from "@opentelemetry/core";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import type { RecordedRequest } from "@outbound/testkit";
import { type LedgerFigures, ledgerFigures } from "../ledger-figures.js";
import { feedDeviations, type PaymentFeed } from "../payment-feed.js";
import type { PaymentsWalk } from "../payments-walk.js";
import type { ReportInvariant } from "../report/report-data.js";
import { DOWNSTREAM_NAMES, type Stack } from "../start-stack.js";
import type { DriverState } from "./load-driver.js";

/** How late past its deadline a call or an order may end and still count as on time, in ms (timer and loopback slack). */
export const DEADLINE_TOLERANCE_MS = 100;

/**
 * Attempts still open at the downstream past the deadline the client gave them: each attempt carries the time it
 * had left (`x-outbound-timeout-ms`), so it must have ended (finished, or been abandoned by the client) by
 * arrival + that time. Read from the testkit request logs; an exchange still open counts until `nowMs`.
 */
export function attemptsPastDeadline(
  requests: readonly RecordedRequest[],
  nowMs: number,
  toleranceMs = DEADLINE_TOLERANCE_MS,
): number {
  return requests.filter((request) => {
    const raw = request.headers["x-outbound-timeout-ms"];
    if (raw === undefined || !/^\d+$/.test(raw)) return false;
    const end = request.finishedAt ?? request.closedAt ?? nowMs;
    return end > request.arrivedAt + Number(raw) + toleranceMs;
  }).length;
}

/**
 * Orders checkout-service answered later than the budget they granted it: `POST /orders` SERVER spans (from the
 * request's arrival at the handler to the answer) longer than the budget + {@link DEADLINE_TOLERANCE_MS}.
 */
export function ordersPastDeadline(
  spans: readonly ReadableSpan[],
  budgetMs: number,
  toleranceMs = DEADLINE_TOLERANCE_MS,
): number {
  return spans.filter((s) => s.name === "POST /orders" && hrTimeToMilliseconds(s.duration) > budgetMs + toleranceMs)
    .length;
}

/** Confirmations whose outcome checkout-service reported unknown (accepted, then the connection reset). */
function unknownConfirmations(state: DriverState): number {
  return state.orders.filter((o) =>
    o.answers.some((a) => (a.body.notification as { status?: string } | undefined)?.status === "unknown"),
  ).length;
}

/** The run's invariants, each with its figure and how it was obtained. Sockets are counted after shutdown. */
export function checkInvariants(run: {
  readonly stack: Stack;
  readonly state: DriverState;
  readonly spans: readonly ReadableSpan[];
  readonly budgetMs: number;
  readonly socketsLeftOpen: number;
  /** The worst event-loop delay measured during the run, in ms: a timer can fire that late whatever the code does. */
  readonly eventLoopDelayMs: number;
  /** checkout-service's paged walk over every charge of payments after the run. */
  readonly walk: PaymentsWalk;
  /** One order's payment events followed through checkout-service after the run (healthy, then stalled). */
  readonly feed: PaymentFeed;
}): { figures: LedgerFigures; invariants: ReportInvariant[] } {
  const { stack, state, budgetMs, socketsLeftOpen } = run;
  // Client, service and the three servers share this process: its scheduling delay is not the pipeline's lateness.
  const toleranceMs = DEADLINE_TOLERANCE_MS + Math.round(run.eventLoopDelayMs);
  const slack = `${DEADLINE_TOLERANCE_MS} ms + ${Math.round(run.eventLoopDelayMs)} ms worst event-loop delay of this process`;
  const figures = ledgerFigures(stack);
  const now = performance.now();
  const lateAttempts = DOWNSTREAM_NAMES.reduce(
    (sum, name) => sum + attemptsPastDeadline(stack.downstreams[name].requests, now, toleranceMs),
    0,
  );
  const lateOrders = ordersPastDeadline(run.spans, budgetMs, toleranceMs);
  const unknown = unknownConfirmations(state);
  return {
    figures,
    invariants: [
      {
        name: "duplicate charges",
        value: figures.duplicateCharges,
        ok: figures.duplicateCharges === 0,
        note: `payments ledger: ${figures.charges} charges from ${figures.chargeRequests} charge requests, at most one per order id`,
      },
      {
        name: "downstream calls past their deadline",
        value: lateAttempts,
        ok: lateAttempts === 0,
        note: `testkit request logs: every attempt ended within the time it was given (x-outbound-timeout-ms) + ${slack}`,
      },
      {
        name: "orders answered past their deadline",
        value: lateOrders,
        ok: lateOrders === 0,
        note: `each order granted ${budgetMs} ms (x-outbound-timeout-ms); measured by checkout-service's SERVER spans, + ${slack}`,
      },
      {
        name: "notifications sent more than once",
        value: figures.duplicateMessages,
        ok: figures.duplicateMessages === 0,
        note: `notifications ledger: ${figures.messages} messages; ${unknown} accepted-then-reset confirmations were reported unknown and never resent (sendMessage is unsafe)`,
      },
      {
        name: "charges missed or walked twice",
        value: run.walk.missedOrTwice,
        ok: run.walk.missedOrTwice === 0 && run.walk.reconciliation.duplicateCharges === 0,
        note: `checkout-service's reconciliation (payments listCharges, cursor pages): ${run.walk.reconciliation.charges} charges over ${run.walk.reconciliation.pages} pages of ${run.walk.reconciliation.pageSize}, ${run.walk.expectedCharges} held, ${run.walk.reconciliation.duplicateCharges} orders charged twice; OAuth client credentials: ${run.walk.tokenRequests} token requests`,
      },
      {
        name: "payment events not relayed once each",
        value: feedDeviations(run.feed),
        ok: feedDeviations(run.feed) === 0,
        note: `checkout-service relaying payments streamChargeEvents (SSE) for ${run.feed.healthy.orderId}: ${run.feed.healthy.events.length} events healthy; ${run.feed.stalled.events.length} when payments stalled after 2 (idle timeout, resumed with Last-Event-ID ${run.feed.stalled.resumedWith.join(", ") || "—"}; payments requests ${run.feed.stalled.downstreamOutcomes.join(", ")})`,
      },
      {
        name: "sockets left open",
        value: socketsLeftOpen,
        ok: socketsLeftOpen === 0,
        note: "TCP sockets and servers this process still held after shutdown (process.getActiveResourcesInfo)",
      },
    ],
  };
}
