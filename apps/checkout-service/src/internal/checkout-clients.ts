import { createInventoryClient, type InventoryClientOptions } from "@outbound/inventory";
import { createNotificationsClient, type NotificationsClientOptions } from "@outbound/notifications";
import { createPaymentsClient, type PaymentsClientOptions } from "@outbound/payments";
import type { ResilienceHooks, Transport } from "@outbound/resilience";

/** The three downstream clients of checkout-service, generated from `specs/<name>/`. */
export interface CheckoutClients {
  readonly payments: ReturnType<typeof createPaymentsClient>;
  readonly inventory: ReturnType<typeof createInventoryClient>;
  readonly notifications: ReturnType<typeof createNotificationsClient>;
}

/** The options of each client, as the service config gives them. */
export interface CheckoutClientOptions {
  readonly payments: PaymentsClientOptions;
  readonly inventory: InventoryClientOptions;
  readonly notifications: NotificationsClientOptions;
}

/**
 * Creates the three clients on one transport (one keep-alive pool the service closes on shutdown), unless a
 * client's options name their own. `hooks`, when given, replace each client's own hooks only where it has none.
 */
export function createCheckoutClients(
  options: CheckoutClientOptions,
  transport: Transport,
  hooks: ResilienceHooks | undefined,
): CheckoutClients {
  const shared = { transport, ...(hooks === undefined ? {} : { hooks }) };
  return {
    payments: createPaymentsClient({ ...shared, ...options.payments }),
    inventory: createInventoryClient({ ...shared, ...options.inventory }),
    notifications: createNotificationsClient({ ...shared, ...options.notifications }),
  };
}
