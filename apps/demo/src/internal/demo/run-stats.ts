import type { BreakerState } from "@outbound/resilience";
import type { JournalCall } from "../call-journal.js";
import { DOWNSTREAM_NAMES, type DownstreamName, type Stack } from "../start-stack.js";
import type { DriverState } from "./load-driver.js";

/** What one downstream's client did so far, from the resilience hooks. */
export interface DownstreamStats {
  readonly name: DownstreamName;
  /** Logical calls. */
  readonly calls: number;
  /** Attempts sent, every retry included. */
  readonly attempts: number;
  /** Retries scheduled. */
  readonly retries: number;
  /** Calls refused before any attempt (breaker open, bulkhead full ...). */
  readonly failedFast: number;
  /** Calls that ended without success, by error code (`TIMEOUT`, `CIRCUIT_OPEN`, `HTTP_503` ...). */
  readonly failuresByCode: Readonly<Record<string, number>>;
  /** Times the breaker opened. */
  readonly breakerOpened: number;
  readonly breaker: BreakerState;
}

/** Counts of the orders' answers so far. */
export interface OrderStats {
  readonly sent: number;
  readonly answered: number;
  readonly inFlight: number;
  /** By the final answer's status (after the client's retry, if any). */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Orders the client sent again after a 409/503/504. */
  readonly clientRetries: number;
}

function statsOf(name: DownstreamName, calls: readonly JournalCall[], stack: Stack, opened: number): DownstreamStats {
  const failuresByCode: Record<string, number> = {};
  let attempts = 0;
  let retries = 0;
  let failedFast = 0;
  for (const call of calls) {
    attempts += call.attempts;
    retries += call.retries.length;
    if (call.attempts === 0) failedFast += 1;
    if (call.gaveUp !== undefined) failuresByCode[call.gaveUp.code] = (failuresByCode[call.gaveUp.code] ?? 0) + 1;
  }
  return {
    name,
    calls: calls.length,
    attempts,
    retries,
    failedFast,
    failuresByCode,
    breakerOpened: opened,
    breaker: stack.service.clients[name].downstream.breakerState(),
  };
}

/** Per-downstream client stats, in call order (inventory, payments, notifications). */
export function downstreamStats(stack: Stack): DownstreamStats[] {
  return DOWNSTREAM_NAMES.map((name) => {
    const opened = stack.journal.breakerEvents.filter((e) => e.downstream === name && e.state === "open").length;
    return statsOf(
      name,
      stack.journal.calls.filter((c) => c.downstream === name),
      stack,
      opened,
    );
  });
}

/** Order counts from the driver's state. */
export function orderStats(state: DriverState): OrderStats {
  const byStatus: Record<string, number> = {};
  let answered = 0;
  let clientRetries = 0;
  for (const order of state.orders) {
    const last = order.answers[order.answers.length - 1];
    if (order.answers.length > 1) clientRetries += 1;
    if (last === undefined || !order.settled) continue;
    answered += 1;
    byStatus[String(last.status)] = (byStatus[String(last.status)] ?? 0) + 1;
  }
  return { sent: state.orders.length, answered, inFlight: state.inFlight, byStatus, clientRetries };
}

/** `TIMEOUT 12 · HTTP_503 3`, largest first; `—` when none. */
export function formatCodes(codes: Readonly<Record<string, number>>): string {
  const entries = Object.entries(codes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? "—" : entries.map(([code, n]) => `${code} ${n}`).join(" · ");
}
