import type { FaultPlan } from "@outbound/testkit";
import { type DownstreamCall, downstreamCallsOf } from "./downstream-calls.js";
import { type DemoOrder, type OrderAnswer, placeOrder } from "./place-order.js";
import type { DownstreamName, Stack } from "./start-stack.js";

/** One order of the tour: what it meets downstream, and what happened. */
export interface TourStop {
  readonly title: string;
  readonly requestId: string;
  readonly order: DemoOrder;
  readonly answer: OrderAnswer;
  readonly calls: readonly DownstreamCall[];
}

interface TourStep {
  readonly title: string;
  readonly orderId: string;
  readonly faults?: readonly {
    readonly downstream: DownstreamName;
    readonly route: string;
    readonly plan: FaultPlan;
  }[];
  readonly customer?: DemoOrder["customer"];
  /** Payments' token endpoint revokes every token it issued before this order (checkout-service's is then refused). */
  readonly revokeTokens?: boolean;
}

/** The orders of the tour, in order. Each fault plan covers only its own order's first request to that route. */
export const TOUR_STEPS: readonly TourStep[] = [
  { title: "A healthy order", orderId: "ord-tour-1" },
  {
    title: "Payments answers 503 with Retry-After: 1 on the first attempt",
    orderId: "ord-tour-2",
    faults: [
      {
        downstream: "payments",
        route: "createCharge",
        plan: { mode: "script", steps: [{ kind: "respond", status: 503, retryAfter: { seconds: 1 } }] },
      },
    ],
  },
  {
    title: "Notifications accepts the message, then resets the connection",
    orderId: "ord-tour-3",
    faults: [
      {
        downstream: "notifications",
        route: "sendMessage",
        plan: { mode: "script", steps: [{ kind: "reset", commit: true }] },
      },
    ],
  },
  {
    title: "The card is declined",
    orderId: "ord-tour-4",
    faults: [
      {
        downstream: "payments",
        route: "createCharge",
        plan: { mode: "script", steps: [{ kind: "respond", status: 402 }] },
      },
    ],
  },
  {
    title: "Payments' token is revoked: the charge is answered 401, a new token is fetched, the charge replayed once",
    orderId: "ord-tour-5",
    revokeTokens: true,
  },
  { title: "The client retries the first order (same order id)", orderId: "ord-tour-1" },
];

function orderFor(step: TourStep, index: number): DemoOrder {
  return {
    orderId: step.orderId,
    items: [
      { sku: "SKU-1001", quantity: 1 + (index % 2) },
      { sku: "SKU-2002", quantity: 1 },
    ],
    amount: 4999,
    currency: "EUR",
    paymentMethod: "pm_card_visa",
    customer: step.customer ?? { id: "cus_8f2k1", name: "Ada Lovelace", email: "ada@example.com" },
  };
}

/**
 * Places the tour's orders one after another through checkout-service, setting each order's fault plans (and
 * revoking payments' tokens) just before it and clearing the plans after, and collects every downstream call each
 * order made.
 */
export async function runTour(stack: Stack, steps: readonly TourStep[] = TOUR_STEPS): Promise<TourStop[]> {
  const stops: TourStop[] = [];
  for (const [index, step] of steps.entries()) {
    for (const fault of step.faults ?? []) stack.downstreams[fault.downstream].setFaultPlan(fault.route, fault.plan);
    if (step.revokeTokens === true) stack.tokenEndpoint.revoke();
    const requestId = `tour-${index + 1}`;
    const order = orderFor(
      step,
      steps.findIndex((s) => s.orderId === step.orderId),
    );
    const answer = await placeOrder(stack.url, order, requestId);
    for (const fault of step.faults ?? []) stack.downstreams[fault.downstream].clearFaultPlan(fault.route);
    stops.push({ title: step.title, requestId, order, answer, calls: downstreamCallsOf(stack, requestId) });
  }
  return stops;
}
