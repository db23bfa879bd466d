export { type CheckoutService, createCheckoutService, type ListeningAddress } from "./checkout-service.js";
export {
  CheckoutConfigError,
  type CheckoutServiceConfig,
  DEFAULT_CHECKOUT_CONFIG,
  type ResolvedCheckoutServiceConfig,
  resolveCheckoutConfig,
} from "./config.js";
export { CHECKOUT_ENV, checkoutConfigFromEnv } from "./config-from-env.js";
export type { CheckoutClientOptions, CheckoutClients } from "./internal/checkout-clients.js";
export type { InvalidField, OrderRequest } from "./internal/order-request.js";
export type { OrderConfirmation } from "./internal/place-order.js";
export { PROBLEM_KINDS, type Problem, type ProblemKind } from "./internal/problem.js";
export {
  type ChargeReconciliation,
  DEFAULT_RECONCILIATION_PAGE_SIZE,
} from "./internal/reconcile-charges.js";
export type { NotificationOutcome } from "./internal/send-confirmation.js";
