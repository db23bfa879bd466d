/**
 * The keys checkout-service derives from an order id. They are pure functions of the order id, so a caller's retry
 * of `POST /orders` (or the same order placed again after this service restarted) reuses the same reservation and
 * the same payment Idempotency-Key: the downstreams see a repeat, not a new order, and never charge twice.
 */
export interface OrderKeys {
  /** Reservation id for inventory's `PUT /reservations/{id}` (PUT is idempotent, RFC 9110 §9.2.2). */
  readonly reservationId: string;
  /** Idempotency-Key of the charge (IETF draft-ietf-httpapi-idempotency-key-header). */
  readonly chargeKey: string;
}

/**
 * Derives the {@link OrderKeys} of an order id. The service name is part of the key, so another service that uses
 * the same order id namespace against the same payment account can never collide with this one.
 * @param orderId an order id already validated by the request schema (1 to 64 of `[A-Za-z0-9_-]`)
 */
export function orderKeys(orderId: string): OrderKeys {
  return {
    reservationId: `rsv_${orderId}`,
    chargeKey: `checkout-order-${orderId}-charge`,
  };
}
