import type { Span } from "@opentelemetry/api";
import { runWithRequestContext } from "@outbound/resilience";
import { Hono } from "hono";
import type { CheckoutClients } from "./checkout-clients.js";
import { readInboundContext } from "./inbound-context.js";
import { type OrderRequest, orderFingerprint, parseOrderRequest } from "./order-request.js";
import type { OrderStore } from "./order-store.js";
import { relayPaymentEvents } from "./payment-events.js";
import { type OrderOutcome, placeOrder } from "./place-order.js";
import { type Problem, problem } from "./problem.js";
import { withServerSpan } from "./server-span.js";

/** What the routes need: the clients, the order store and the per-order budget. */
export interface OrderRoutesDeps {
  readonly clients: CheckoutClients;
  readonly store: OrderStore<OrderOutcome>;
  /** Budget of one order in ms; an inbound deadline can only shorten it. */
  readonly orderDeadlineMs: number;
  /** How long a reservation is held before it lapses by itself, in ms. */
  readonly reservationHoldMs: number;
}

const PROBLEM_JSON = "application/problem+json";

function problemResponse(body: Problem, requestId: string, retryAfterSeconds?: number): Response {
  const headers = new Headers({ "content-type": PROBLEM_JSON, "x-request-id": requestId });
  if (retryAfterSeconds !== undefined) headers.set("retry-after", String(retryAfterSeconds));
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

/** How a confirmation is answered: created now (201), replayed for a repeated POST (200), or read (200). */
type AnswerKind = "created" | "replayed" | "read";

function outcomeResponse(outcome: OrderOutcome, requestId: string, kind: AnswerKind): Response {
  if (!outcome.ok) return problemResponse(outcome.problem, requestId, outcome.retryAfterSeconds);
  const headers = new Headers({
    "content-type": "application/json",
    "x-request-id": requestId,
    location: `/orders/${encodeURIComponent(outcome.order.orderId)}`,
  });
  if (kind === "replayed") headers.set("idempotent-replayed", "true");
  return new Response(JSON.stringify(outcome.order), { status: kind === "created" ? 201 : 200, headers });
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: await request.json() };
  } catch {
    return { ok: false };
  }
}

/**
 * The order routes. `POST /orders` places an order (201 with the confirmation, or a problem per failure);
 * a repeat of a confirmed order id answers 200 with the same confirmation and `Idempotent-Replayed: true`;
 * a repeat while the first is running waits for it; the same id with a different order is 422.
 * `GET /orders/{orderId}` reads a confirmation this process holds; `GET /orders/{orderId}/payment-events` relays
 * the events of its charge as server-sent events.
 */
export function orderRoutes(deps: OrderRoutesDeps): Hono {
  const app = new Hono();
  app.post("/orders", (c) => withServerSpan(c.req.raw, "/orders", (span) => postOrder(c.req.raw, span, deps)));

  app.get("/orders/:orderId", (c) => {
    const known = deps.store.get(c.req.param("orderId"));
    const requestId = c.req.header("x-request-id") ?? "";
    if (known?.state !== "settled") {
      return problemResponse(
        problem("order-not-found", `This process holds no confirmed order ${c.req.param("orderId")}.`),
        requestId,
      );
    }
    return outcomeResponse(known.value, requestId, "read");
  });

  app.get("/orders/:orderId/payment-events", async (c) => {
    const orderId = c.req.param("orderId");
    const inbound = readInboundContext(c.req.raw.headers, deps.orderDeadlineMs);
    const known = deps.store.get(orderId);
    if (known?.state !== "settled" || !known.value.ok) {
      const detail = `This process holds no confirmed order ${orderId}, so no charge to follow.`;
      return problemResponse(problem("order-not-found", detail, { orderId }), inbound.requestId);
    }
    const chargeId = known.value.order.charge.id;
    const context = { requestId: inbound.requestId, deadlineAt: inbound.deadlineAt };
    const answer = await runWithRequestContext(context, () =>
      relayPaymentEvents(c, deps.clients.payments, chargeId, { orderId, chargeId }),
    );
    if (answer.kind === "problem") return problemResponse(answer.problem, inbound.requestId, answer.retryAfterSeconds);
    answer.response.headers.set("x-request-id", inbound.requestId);
    return answer.response;
  });
  return app;
}

/** Reads and validates the order body; a problem (400) when it is not JSON or not a valid order. */
async function readOrder(
  request: Request,
): Promise<{ ok: true; order: OrderRequest } | { ok: false; problem: Problem }> {
  const json = await readJson(request);
  if (!json.ok) {
    return {
      ok: false,
      problem: problem("malformed-json", "Send the order as a JSON object (Content-Type: application/json)."),
    };
  }
  const parsed = parseOrderRequest(json.value);
  if (!parsed.ok) {
    return {
      ok: false,
      problem: problem("invalid-order", "The order has invalid fields; see `errors`.", { errors: parsed.errors }),
    };
  }
  return parsed;
}

/** `POST /orders`: validate, replay or join a known order id, or place the order inside the request context. */
async function postOrder(request: Request, span: Span, deps: OrderRoutesDeps): Promise<Response> {
  const inbound = readInboundContext(request.headers, deps.orderDeadlineMs);
  span.setAttribute("outbound.request_id", inbound.requestId);
  const parsed = await readOrder(request);
  if (!parsed.ok) return problemResponse(parsed.problem, inbound.requestId);
  const { order } = parsed;
  span.setAttribute("outbound.order_id", order.orderId);
  const fingerprint = orderFingerprint(order);
  const known = deps.store.get(order.orderId);
  if (known !== undefined && known.fingerprint !== fingerprint) {
    const detail = `Order id ${order.orderId} was already used for a different order; choose a new order id.`;
    return problemResponse(problem("order-id-reused", detail, { orderId: order.orderId }), inbound.requestId);
  }
  if (known?.state === "settled") return outcomeResponse(known.value, inbound.requestId, "replayed");
  if (known?.state === "in-progress") return outcomeResponse(await known.outcome, inbound.requestId, "replayed");

  const context = { requestId: inbound.requestId, deadlineAt: inbound.deadlineAt };
  const paymentMayExist = known?.state === "uncertain";
  const outcome = runWithRequestContext(context, () =>
    placeOrder(order, { clients: deps.clients, reservationHoldMs: deps.reservationHoldMs, paymentMayExist }),
  );
  deps.store.begin(order.orderId, fingerprint, outcome);
  const settled = await outcome.catch((error: unknown) => {
    deps.store.forget(order.orderId);
    throw error;
  });
  if (settled.ok) deps.store.settle(order.orderId, fingerprint, settled);
  else if (settled.problem.paymentOutcome === "unknown") deps.store.markUncertain(order.orderId, fingerprint);
  else deps.store.forget(order.orderId);
  return outcomeResponse(settled, inbound.requestId, "created");
}
