import type { ChargeReconciliation } from "@outbound/checkout-service";
import { EARLIER_CHARGES, type Stack } from "./start-stack.js";

/** Charges per page of the walk the main job and the demo ask checkout-service for. */
export const WALK_PAGE_SIZE = 50;

/** What checkout-service's walk over payments' charges found, and what the downstreams say it should have found. */
export interface PaymentsWalk {
  /** checkout-service's answer to `GET /reconciliation/charges?limit=<pageSize>`. */
  readonly reconciliation: ChargeReconciliation;
  /** Charges payments holds: the {@link EARLIER_CHARGES} plus one per createCharge its ledger committed. */
  readonly expectedCharges: number;
  /** Charges the walk missed or listed twice: |walked − held| + listed twice. Must be 0. */
  readonly missedOrTwice: number;
  /** Token requests payments' OAuth endpoint answered (client credentials; one per fresh token). */
  readonly tokenRequests: number;
  /** Requests payments answered 401 (a revoked or expired token): each was replayed once with a new token. */
  readonly unauthorized: number;
}

/**
 * Asks checkout-service to walk every charge of payments (`GET /reconciliation/charges`, cursor pages of
 * `pageSize`), after clearing payments' fault plans; a 503 (breaker still open) is tried again after its
 * Retry-After, at most 3 times in all.
 * @throws Error with the status and body when checkout-service does not answer 200
 */
export async function walkPayments(stack: Stack, pageSize = WALK_PAGE_SIZE): Promise<PaymentsWalk> {
  stack.downstreams.payments.clearFaultPlan();
  let response: Response | undefined;
  for (let attempt = 1; attempt <= 3; attempt++) {
    response = await fetch(`${stack.url}/reconciliation/charges?limit=${pageSize}`);
    if (response.status !== 503 || attempt === 3) break;
    const waitS = Number(response.headers.get("retry-after") ?? "1");
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Math.min(Number.isFinite(waitS) ? waitS : 1, 10) * 1000));
  }
  const body = (await response?.json()) as ChargeReconciliation;
  if (response?.status !== 200)
    throw new Error(
      `checkout-service GET /reconciliation/charges answered ${response?.status}: ${JSON.stringify(body)}`,
    );
  const payments = stack.downstreams.payments;
  const expectedCharges = EARLIER_CHARGES + payments.ledger.count("createCharge");
  return {
    reconciliation: body,
    expectedCharges,
    missedOrTwice: Math.abs(body.charges - expectedCharges) + body.chargesListedTwice,
    tokenRequests: stack.tokenEndpoint.requests.length,
    unauthorized: payments.requests.filter((r) => r.status === 401).length,
  };
}

/** The walk in one line: charges, pages, duplicates by order, and the token requests it took. */
export function describeWalk(walk: PaymentsWalk): string {
  const r = walk.reconciliation;
  return `${r.charges} charges walked over ${r.pages} pages of ${r.pageSize} (${walk.expectedCharges} held, missed or listed twice ${walk.missedOrTwice}), orders charged twice ${r.ordersChargedTwice.length}; OAuth ${walk.tokenRequests} token request${walk.tokenRequests === 1 ? "" : "s"}, ${walk.unauthorized} answered 401 and replayed`;
}
