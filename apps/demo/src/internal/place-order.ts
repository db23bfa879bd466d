/** The answer checkout-service gave to one `POST /orders`. */
export interface OrderAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly replayed: boolean;
  /** Wall time of the request as the demo saw it, in ms. */
  readonly elapsedMs: number;
  /** Epoch ms when the request was sent. */
  readonly sentAt: number;
  /** The answer's `Retry-After` in seconds (delta-seconds form), when it sent one. */
  readonly retryAfterS: number | undefined;
}

/** What the demo sends for one order. */
export interface DemoOrder {
  readonly orderId: string;
  readonly items: readonly { readonly sku: string; readonly quantity: number }[];
  /** Minor units (cents). */
  readonly amount: number;
  readonly currency: string;
  readonly paymentMethod: string;
  readonly customer: { readonly id: string; readonly name?: string; readonly email?: string; readonly phone?: string };
}

/**
 * POSTs `order` to checkout-service with the given `x-request-id` and, when set, the time budget it grants
 * (`x-outbound-timeout-ms`, which the service honours when shorter than its own).
 */
export async function placeOrder(
  baseUrl: string,
  order: DemoOrder,
  requestId: string,
  budgetMs?: number,
): Promise<OrderAnswer> {
  const sentAt = Date.now();
  const started = performance.now();
  const response = await fetch(`${baseUrl}/orders`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-request-id": requestId,
      ...(budgetMs === undefined ? {} : { "x-outbound-timeout-ms": String(budgetMs) }),
    },
    body: JSON.stringify(order),
  });
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { unparsed: text };
  }
  const retryAfter = response.headers.get("retry-after");
  return {
    status: response.status,
    body,
    replayed: response.headers.get("idempotent-replayed") === "true",
    elapsedMs: performance.now() - started,
    sentAt,
    retryAfterS: retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
  };
}
