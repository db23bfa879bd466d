import type { LedgerEntry } from "@outbound/testkit";
import type { Stack } from "./start-stack.js";

/** What the downstreams' ledgers say happened, and the duplicates among it. */
export interface LedgerFigures {
  /** Charges payments created (replays of an Idempotency-Key add none). */
  readonly charges: number;
  /** Charge requests payments received, every attempt counted. */
  readonly chargeRequests: number;
  /** The order ids that were charged (`metadata.orderId`), each once. */
  readonly chargedOrderIds: readonly string[];
  /** Charges beyond the first for the same order (`metadata.orderId`): money taken twice. Must be 0. */
  readonly duplicateCharges: number;
  readonly reservations: number;
  readonly releases: number;
  /** Messages notifications accepted. */
  readonly messages: number;
  /** Messages beyond the first for the same order (by subject): confirmations sent twice. */
  readonly duplicateMessages: number;
}

function surplus(entries: readonly LedgerEntry[], keyOf: (entry: LedgerEntry) => string | undefined): number {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const key = keyOf(entry);
    if (key !== undefined) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
}

function field(value: unknown, ...path: string[]): string | undefined {
  let current = value;
  for (const key of path)
    current = typeof current === "object" && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  return typeof current === "string" ? current : undefined;
}

/** Reads the figures from the testkit ledgers and request logs. */
export function ledgerFigures(stack: Stack): LedgerFigures {
  const charges = stack.downstreams.payments.ledger.byOperation("createCharge");
  const messages = stack.downstreams.notifications.ledger.byOperation("sendMessage");
  return {
    charges: charges.length,
    chargeRequests: stack.downstreams.payments.requestsFor("createCharge").length,
    chargedOrderIds: [
      ...new Set(
        charges.map((e) => field(e.requestBody, "metadata", "orderId")).filter((id): id is string => id !== undefined),
      ),
    ],
    duplicateCharges: surplus(charges, (e) => field(e.requestBody, "metadata", "orderId")),
    reservations: stack.downstreams.inventory.ledger.count("reserveStock"),
    releases: stack.downstreams.inventory.ledger.count("releaseReservation"),
    messages: messages.length,
    duplicateMessages: surplus(messages, (e) => field(e.requestBody, "subject")),
  };
}

/** TCP sockets and servers this process still holds (Node's active resources), after a short grace for closes. */
export async function openSocketsAfterClose(graceMs = 1_000): Promise<number> {
  const count = () =>
    process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap" || r === "TCPServerWrap").length;
  const until = Date.now() + graceMs;
  while (count() > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 25));
  return count();
}
