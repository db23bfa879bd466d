import { isOutboundError } from "@outbound/resilience";
import type { CheckoutClients } from "./checkout-clients.js";
import { provablyNoEffect } from "./map-call-error.js";
import type { OrderRequest } from "./order-request.js";

/**
 * Whether the confirmation message went out. `sendMessage` is `unsafe` (no idempotency support), so it is never
 * resent once its bytes may have reached notifications: after a timeout or a reset the outcome is `unknown`,
 * not retried, and the order stays confirmed.
 */
export type NotificationOutcome =
  | { readonly status: "sent"; readonly messageId: string }
  | { readonly status: "unknown" | "not-sent"; readonly code: string; readonly detail: string };

/** Sends the order confirmation by e-mail (or SMS when only a phone is known); never throws an `OutboundError`. */
export async function sendConfirmation(
  notifications: CheckoutClients["notifications"],
  order: OrderRequest,
): Promise<NotificationOutcome> {
  const email = order.customer.email;
  const to = email ?? order.customer.phone ?? "";
  const lines = order.items.map((item) => `${item.quantity} × ${item.sku}`);
  try {
    const { data, response } = await notifications.sendMessage({
      body: {
        channel: email === undefined ? "sms" : "email",
        to,
        subject: `Your order ${order.orderId} is confirmed`,
        body: `Thank you for your order ${order.orderId}.\n${lines.join("\n")}\nTotal: ${(order.amount / 100).toFixed(2)} ${order.currency}`,
        tags: ["order-confirmation"],
      },
    });
    if (data !== undefined) return { status: "sent", messageId: data.id };
    // Notifications documents 500 as "may or may not have been sent"; any other error status as not accepted.
    const status = response.status >= 500 && response.status !== 503 ? "unknown" : "not-sent";
    return { status, code: `HTTP_${response.status}`, detail: `Notifications answered HTTP ${response.status}.` };
  } catch (error) {
    if (!isOutboundError(error)) throw error;
    return { status: provablyNoEffect(error) ? "not-sent" : "unknown", code: error.code, detail: error.message };
  }
}
