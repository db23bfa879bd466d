import { chargePayment } from "./charge-payment.js";
import type { CheckoutClients } from "./checkout-clients.js";
import { type MappedFailure, mapCallError } from "./map-call-error.js";
import { orderKeys } from "./order-keys.js";
import type { OrderRequest } from "./order-request.js";
import { reserveStock } from "./reserve-stock.js";
import { type NotificationOutcome, sendConfirmation } from "./send-confirmation.js";

/** A confirmed order, as `POST /orders` answers it (201, or 200 for a replay). */
export interface OrderConfirmation {
  readonly orderId: string;
  readonly status: "confirmed";
  /** The inventory reservation holding the items. */
  readonly reservationId: string;
  /** The payment's charge id and the Idempotency-Key it was created with. */
  readonly charge: {
    readonly id: string;
    readonly amount: number;
    readonly currency: string;
    readonly idempotencyKey: string;
  };
  /** Whether the confirmation message went out; never retried once it may have been sent (the API is `unsafe`). */
  readonly notification: NotificationOutcome;
}

/** What placing an order came to: a confirmation, or the failure to answer with. */
export type OrderOutcome =
  | { readonly ok: true; readonly order: OrderConfirmation }
  | ({ readonly ok: false } & MappedFailure);

/** What {@link placeOrder} needs. */
export interface PlaceOrderDeps {
  readonly clients: CheckoutClients;
  /** How long the reservation holds before it lapses by itself, in ms. */
  readonly reservationHoldMs: number;
  /** An earlier try of this order left its payment outcome unknown: never release its reservation. @default false */
  readonly paymentMayExist?: boolean;
}

/**
 * Places one order: reserve the stock (PUT, idempotent), charge the payment (keyed by the order id), then send the
 * confirmation (unsafe, at most once). Runs inside the request context the caller set (request id, deadline), so
 * every outbound call carries both.
 *
 * Compensation: when the charge provably did not happen (declined, refused, or never sent), the reservation is
 * released at once. When its outcome is unknown (a timeout or a reset after sending), the reservation is kept for
 * the caller's retry with the same order id: that retry reuses the reservation and the Idempotency-Key, so it
 * can only complete the one charge, never add a second. An abandoned reservation lapses at its `expiresAt`. A
 * retry that fails without payments deciding (503, breaker open) keeps the reservation too: the earlier try's
 * charge may exist.
 * @throws only what is not an `OutboundError` (a bug), for the 500 handler.
 */
export async function placeOrder(order: OrderRequest, deps: PlaceOrderDeps): Promise<OrderOutcome> {
  const keys = orderKeys(order.orderId);
  const context = { orderId: order.orderId };
  const reserved = await reserveStock(deps.clients.inventory, order, keys.reservationId, deps.reservationHoldMs).catch(
    (error: unknown) => failed(error, { ...context, step: "reserve" }),
  );
  if (!reserved.ok) return reserved;

  const charged = await chargePayment(deps.clients.payments, order, keys.chargeKey);
  if (!charged.ok) {
    if (deps.paymentMayExist === true && !charged.definitive) {
      const detail = `${charged.problem.detail} An earlier try of this order may have been charged; the reservation is kept. Retry with the same orderId.`;
      return { ...charged, problem: { ...charged.problem, detail, paymentOutcome: "unknown", reservation: "kept" } };
    }
    if (charged.compensate) {
      const release = await releaseQuietly(deps.clients, keys.reservationId);
      return { ...charged, problem: { ...charged.problem, reservation: release } };
    }
    return { ...charged, problem: { ...charged.problem, reservation: "kept" } };
  }

  const notification = await sendConfirmation(deps.clients.notifications, order);
  return {
    ok: true,
    order: {
      orderId: order.orderId,
      status: "confirmed",
      reservationId: keys.reservationId,
      charge: { id: charged.chargeId, amount: order.amount, currency: order.currency, idempotencyKey: keys.chargeKey },
      notification,
    },
  };
}

function failed(error: unknown, context: Record<string, unknown>): { readonly ok: false } & MappedFailure {
  const mapped = mapCallError(error, context);
  if (mapped === undefined) throw error;
  return { ok: false, ...mapped };
}

/** Releases a reservation (DELETE, idempotent, retried); reports instead of throwing: the order has failed anyway. */
async function releaseQuietly(clients: CheckoutClients, reservationId: string): Promise<"released" | "release-failed"> {
  try {
    const { response } = await clients.inventory.releaseReservation({ params: { path: { reservationId } } });
    return response.ok || response.status === 404 ? "released" : "release-failed";
  } catch {
    return "release-failed";
  }
}
