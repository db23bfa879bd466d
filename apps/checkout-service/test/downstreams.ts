import { fileURLToPath } from "node:url";
import { type OAuthTokenEndpoint, startOAuthTokenEndpoint, startTestServer, type TestServer } from "@outbound/testkit";
import { type CheckoutService, type CheckoutServiceConfig, createCheckoutService } from "../src/index.js";

/** `specs/<name>/openapi.yaml` of this repository. */
export function specPath(name: "payments" | "inventory" | "notifications"): string {
  return fileURLToPath(new URL(`../../../specs/${name}/openapi.yaml`, import.meta.url));
}

/** The three downstreams, each a testkit server on 127.0.0.1 serving its spec. */
export interface Downstreams {
  readonly payments: TestServer;
  readonly inventory: TestServer;
  readonly notifications: TestServer;
  /** The OAuth token endpoint payments checks tokens with, when started with `oauth`. */
  readonly tokenEndpoint: OAuthTokenEndpoint | undefined;
  close(): Promise<void>;
}

/** The client payments' token endpoint knows in these tests. */
export const PAYMENTS_OAUTH_CLIENT = { clientId: "checkout-service", clientSecret: "checkout-test-secret" } as const;

/**
 * Starts the three testkit servers. `oauth`: payments requires tokens from a testkit OAuth token endpoint (started
 * too); `charges`: payments holds that many charges from the start (`ch_000001` …, order ids `ord-earlier-<n>`).
 */
export async function startDownstreams(options: { oauth?: boolean; charges?: number } = {}): Promise<Downstreams> {
  const tokenEndpoint =
    options.oauth === true
      ? await startOAuthTokenEndpoint({
          clients: { [PAYMENTS_OAUTH_CLIENT.clientId]: PAYMENTS_OAUTH_CLIENT.clientSecret },
        })
      : undefined;
  const seed = {
    "/charges": {
      count: options.charges ?? 0,
      fields: (i: number) => ({ metadata: { orderId: `ord-earlier-${i + 1}` } }),
    },
  };
  const [payments, inventory, notifications] = await Promise.all([
    startTestServer({ spec: specPath("payments"), seed, ...(tokenEndpoint ? { requireToken: tokenEndpoint } : {}) }),
    startTestServer({ spec: specPath("inventory") }),
    startTestServer({ spec: specPath("notifications") }),
  ]);
  return {
    payments,
    inventory,
    notifications,
    tokenEndpoint,
    close: async () => {
      await Promise.all([payments.close(), inventory.close(), notifications.close(), tokenEndpoint?.close()]);
    },
  };
}

/**
 * Starts checkout-service on 127.0.0.1 against `downstreams`, with test credentials: OAuth client credentials for
 * payments when its token endpoint runs, else a bearer token.
 */
export async function startService(
  downstreams: Downstreams,
  extra: Partial<CheckoutServiceConfig> = {},
): Promise<{ service: CheckoutService; url: string }> {
  const service = createCheckoutService({
    payments: {
      baseUrl: downstreams.payments.url,
      auth:
        downstreams.tokenEndpoint === undefined
          ? { bearerAuth: "sk_test_payments" }
          : { oauth2: { ...PAYMENTS_OAUTH_CLIENT, tokenUrl: downstreams.tokenEndpoint.tokenUrl } },
    },
    inventory: { baseUrl: downstreams.inventory.url, auth: { apiKey: "inv_test_key" } },
    notifications: { baseUrl: downstreams.notifications.url, auth: { bearerAuth: "sk_test_notify" } },
    ...extra,
  });
  const { url } = await service.listen();
  return { service, url };
}

/** A valid order body; `orderId` varies per test. */
export function orderBody(orderId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderId,
    items: [
      { sku: "SKU-1001", quantity: 2 },
      { sku: "SKU-2002", quantity: 1 },
    ],
    amount: 4999,
    currency: "EUR",
    paymentMethod: "pm_card_visa",
    customer: { id: "cus_8f2k1", name: "Ada Lovelace", email: "ada@example.com" },
    ...overrides,
  };
}

/** POSTs an order; returns status, headers, parsed body and elapsed ms. */
export async function postOrder(baseUrl: string, body: unknown, headers: Record<string, string> = {}) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  return { status: response.status, headers: response.headers, body: json, elapsedMs: performance.now() - started };
}
