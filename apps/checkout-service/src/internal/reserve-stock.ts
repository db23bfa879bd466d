import type { CheckoutClients } from "./checkout-clients.js";
import { downstreamProblem, retryAfterOf } from "./downstream-answer.js";
import type { MappedFailure } from "./map-call-error.js";
import type { OrderRequest } from "./order-request.js";
import { problem } from "./problem.js";

/** The reservation was made (or was already there from an earlier try of the same order), or why not. */
export type ReserveOutcome = { readonly ok: true } | ({ readonly ok: false } & MappedFailure);

/**
 * Reserves the order's items under `reservationId` with inventory's `reserveStock` (PUT, idempotent: a retry, by
 * the pipeline or by the caller, lands on the same reservation). The hold lapses `holdMs` after this call unless
 * released or confirmed, so a reservation kept for an order whose payment outcome is unknown cannot leak stock.
 * @throws the client's `OutboundError` (breaker open, deadline ...) for the caller to map
 */
export async function reserveStock(
  inventory: CheckoutClients["inventory"],
  order: OrderRequest,
  reservationId: string,
  holdMs: number,
): Promise<ReserveOutcome> {
  const { error, response } = await inventory.reserveStock({
    params: { path: { reservationId } },
    body: {
      orderId: order.orderId,
      items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
      expiresAt: new Date(Date.now() + holdMs).toISOString(),
    },
  });
  if (response.ok) return { ok: true };
  const from = {
    orderId: order.orderId,
    step: "reserve",
    downstream: "inventory",
    operationId: "reserveStock",
    downstreamStatus: response.status,
  };
  const { code, detail } = downstreamProblem(error);
  const said = detail === undefined ? "" : ` Inventory said: ${detail}`;
  switch (response.status) {
    case 409:
      return {
        ok: false,
        problem: problem("out-of-stock", `Not enough stock for order ${order.orderId}.${said}`, {
          ...from,
          downstreamCode: code,
        }),
      };
    case 422:
      return {
        ok: false,
        problem: problem(
          "order-id-reused",
          `Reservation ${reservationId} belongs to a different order; use a new order id.`,
          from,
        ),
      };
    case 429:
    case 503:
      return {
        ok: false,
        problem: problem("downstream-unavailable", `Inventory is unavailable (HTTP ${response.status}).`, from),
        retryAfterSeconds: retryAfterOf(response, 1),
      };
    default:
      return {
        ok: false,
        problem: problem("downstream-error", `Inventory answered HTTP ${response.status}.${said}`, {
          ...from,
          downstreamCode: code,
        }),
      };
  }
}
