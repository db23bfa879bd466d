import type { CheckoutClients } from "./checkout-clients.js";
import { downstreamProblem, retryAfterOf } from "./downstream-answer.js";
import { type MappedFailure, mapCallError, provablyNoEffect } from "./map-call-error.js";
import type { OrderRequest } from "./order-request.js";
import { type ProblemKind, problem } from "./problem.js";

/**
 * The charge exists (created now, or replayed by payments for a repeated Idempotency-Key), or it failed. Then
 * `compensate` says whether this call provably created no charge, so the reservation may be released, and
 * `definitive` whether payments processed the key and refused it (402, 4xx): that answer covers every earlier
 * request with the same key too, since payments would have replayed an earlier charge instead.
 */
export type ChargeOutcome =
  | { readonly ok: true; readonly chargeId: string }
  | ({ readonly ok: false; readonly compensate: boolean; readonly definitive: boolean } & MappedFailure);

const RETRY_SAME_ORDER =
  "Retry with the same orderId: it reuses the same Idempotency-Key, so it can never charge twice.";

/**
 * Charges the order with payments' `createCharge` (POST, keyed): the Idempotency-Key is derived from the order id,
 * so every attempt of the pipeline and every retry of `POST /orders` carries the same key and payments creates at
 * most one charge (IETF draft-ietf-httpapi-idempotency-key-header).
 */
export async function chargePayment(
  payments: CheckoutClients["payments"],
  order: OrderRequest,
  idempotencyKey: string,
): Promise<ChargeOutcome> {
  const from = { orderId: order.orderId, step: "charge", downstream: "payments", operationId: "createCharge" };
  let answer: Awaited<ReturnType<typeof payments.createCharge>>;
  try {
    answer = await payments.createCharge(
      {
        body: {
          amount: order.amount,
          currency: order.currency.toLowerCase(),
          customerId: order.customer.id,
          paymentMethod: order.paymentMethod,
          description: `Order ${order.orderId}`,
          metadata: { orderId: order.orderId },
        },
      },
      { idempotencyKey },
    );
  } catch (error) {
    const mapped = mapCallError(error, from);
    if (mapped === undefined) throw error;
    const compensate = provablyNoEffect(error);
    if (compensate) return { ok: false, compensate, definitive: false, ...mapped };
    const detail = `${mapped.problem.detail} The charge may have been created. ${RETRY_SAME_ORDER}`;
    return {
      ok: false,
      compensate,
      definitive: false,
      ...mapped,
      problem: { ...mapped.problem, detail, paymentOutcome: "unknown" },
    };
  }
  const { data, error, response } = answer;
  if (data !== undefined && data.status !== "failed") return { ok: true, chargeId: data.id };
  if (data !== undefined) return declined(from, data.failureCode ?? undefined, `The charge ${data.id} failed.`);
  return chargeRefused(response, downstreamProblem(error), from);
}

function declined(from: Record<string, unknown>, code: string | undefined, detail: string): ChargeOutcome {
  return {
    ok: false,
    compensate: true,
    definitive: true,
    problem: problem("card-declined", detail, { ...from, declineCode: code }),
  };
}

function chargeRefused(
  response: Response,
  said: { code?: string; detail?: string },
  from: Record<string, unknown>,
): ChargeOutcome {
  const status = response.status;
  const members = { ...from, downstreamStatus: status, downstreamCode: said.code };
  const fail = (kind: ProblemKind, detail: string, compensate: boolean, retryAfterSeconds?: number): ChargeOutcome => ({
    ok: false,
    compensate,
    definitive: status >= 400 && status < 500 && status !== 429 && status !== 408,
    problem: problem(
      kind,
      detail,
      kind === "payment-outcome-unknown" ? { ...members, paymentOutcome: "unknown" } : members,
    ),
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
  switch (status) {
    case 402:
      return declined(from, said.code, said.detail ?? "The payment method was declined.");
    case 409:
      return fail(
        "order-in-progress",
        "This order's charge is still being processed; try again shortly.",
        false,
        retryAfterOf(response, 1),
      );
    case 422:
      return fail(
        "order-id-reused",
        "This order id was already charged for a different order; use a new order id.",
        false,
      );
    case 429:
    case 503:
      // Payments documents both as "not processed": nothing was charged.
      return fail(
        "downstream-unavailable",
        `Payments is unavailable (HTTP ${status}); nothing was charged.`,
        true,
        retryAfterOf(response, 1),
      );
    default:
      if (status >= 500) {
        return fail(
          "payment-outcome-unknown",
          `Payments answered HTTP ${status}; the charge may have been created. ${RETRY_SAME_ORDER}`,
          false,
          1,
        );
      }
      return fail(
        "payment-rejected",
        `Payments refused the charge request (HTTP ${status}).${said.detail === undefined ? "" : ` ${said.detail}`}`,
        true,
      );
  }
}
