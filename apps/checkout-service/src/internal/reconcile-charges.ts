import { isOutboundError } from "@outbound/resilience";
import type { CheckoutClients } from "./checkout-clients.js";
import { type MappedFailure, mapCallError } from "./map-call-error.js";
import { problem } from "./problem.js";

/** Charges per page the reconciliation asks payments for (`limit` of `listCharges`; payments allows 1 to 100). */
export const DEFAULT_RECONCILIATION_PAGE_SIZE = 50;

/** What a walk over every charge payments holds found. */
export interface ChargeReconciliation {
  /** Charges listed, each counted once (by id). */
  readonly charges: number;
  /** Pages walked (`listCharges` calls that answered). */
  readonly pages: number;
  /** The `limit` each page was asked with. */
  readonly pageSize: number;
  /** Order ids with at least one charge (`metadata.orderId`). */
  readonly chargedOrders: number;
  /** Charges beyond the first for the same order id: money taken twice. */
  readonly duplicateCharges: number;
  /** Order ids charged more than once, in listing order. */
  readonly ordersChargedTwice: readonly string[];
  /** Charges listed again on a later page (by id): a paging fault; 0 when every charge was walked once. */
  readonly chargesListedTwice: number;
}

/**
 * Walks every charge of payments (`listCharges`, cursor pages of `pageSize`, each page a logical call with its own
 * retries) and counts charges per order id (`metadata.orderId`, which checkout-service sets on every charge).
 * @param pageSize charges per page, 1 to 100 @default {@link DEFAULT_RECONCILIATION_PAGE_SIZE}
 * @throws the resilience error of a page that failed for good (`PAGE_FAILED`, with `resume`)
 */
export async function reconcileCharges(
  payments: CheckoutClients["payments"],
  pageSize = DEFAULT_RECONCILIATION_PAGE_SIZE,
): Promise<ChargeReconciliation> {
  const seen = new Set<string>();
  const perOrder = new Map<string, number>();
  let pages = 0;
  let listedTwice = 0;
  for await (const page of payments.listCharges.pages({ params: { query: { limit: pageSize } } })) {
    pages += 1;
    for (const charge of page.items) {
      if (seen.has(charge.id)) {
        listedTwice += 1;
        continue;
      }
      seen.add(charge.id);
      const orderId = charge.metadata?.orderId;
      if (orderId !== undefined) perOrder.set(orderId, (perOrder.get(orderId) ?? 0) + 1);
    }
  }
  const twice = [...perOrder].filter(([, n]) => n > 1);
  return {
    charges: seen.size,
    pages,
    pageSize,
    chargedOrders: perOrder.size,
    duplicateCharges: twice.reduce((sum, [, n]) => sum + n - 1, 0),
    ordersChargedTwice: twice.map(([orderId]) => orderId),
    chargesListedTwice: listedTwice,
  };
}

/**
 * The answer for a reconciliation that failed: a page that failed for good (`PAGE_FAILED`) is answered as its cause
 * would be (503 with `Retry-After` for a breaker open …, 502 for a non-2xx page), with `resume` (the JSON resume
 * point) and the charges delivered before it; undefined for an error that is not the pipeline's (a bug: 500).
 */
export function reconciliationFailure(error: unknown): MappedFailure | undefined {
  if (!isOutboundError(error)) return undefined;
  if (error.code !== "PAGE_FAILED") return mapCallError(error, { step: "reconciliation" });
  const where = {
    step: "reconciliation",
    downstream: error.downstream,
    operationId: error.operationId,
    code: error.code,
    resume: error.resume,
    chargesDelivered: error.itemsDelivered,
  };
  const inner = mapCallError(error.cause, where);
  if (inner !== undefined) return { ...inner, problem: { ...inner.problem, ...where, cause: inner.problem.code } };
  const status = error.status === undefined ? "" : ` (HTTP ${error.status})`;
  return { problem: problem("downstream-error", `payments listCharges: a page failed for good${status}.`, where) };
}
