import { CheckoutConfigError, type CheckoutServiceConfig } from "./config.js";

/** The environment variables {@link checkoutConfigFromEnv} reads, each with what it sets. */
export const CHECKOUT_ENV = Object.freeze({
  CHECKOUT_HOST: "interface to listen on (default 127.0.0.1)",
  CHECKOUT_PORT: "TCP port (default 8080; 0 picks a free one)",
  CHECKOUT_ORDER_DEADLINE_MS: "budget of one order in ms (default 10000)",
  CHECKOUT_RESERVATION_HOLD_MS: "reservation hold in ms (default 900000)",
  PAYMENTS_BASE_URL: "payments base URL (required)",
  PAYMENTS_TOKEN: "payments bearer token",
  PAYMENTS_CLIENT_ID: "payments OAuth 2.0 client id (client credentials; with PAYMENTS_CLIENT_SECRET)",
  PAYMENTS_CLIENT_SECRET: "payments OAuth 2.0 client secret",
  PAYMENTS_TOKEN_URL: "payments OAuth 2.0 token endpoint (default: the spec's tokenUrl)",
  INVENTORY_BASE_URL: "inventory base URL (required)",
  INVENTORY_API_KEY: "inventory X-Api-Key",
  NOTIFICATIONS_BASE_URL: "notifications base URL (required)",
  NOTIFICATIONS_TOKEN: "notifications bearer token",
});

type Env = Readonly<Record<string, string | undefined>>;

function required(env: Env, name: keyof typeof CHECKOUT_ENV): string {
  const value = env[name]?.trim();
  if (value === undefined || value === "") {
    throw new CheckoutConfigError(name, "not set", `Set ${name} to the ${CHECKOUT_ENV[name]}.`);
  }
  return value;
}

function integer(env: Env, name: keyof typeof CHECKOUT_ENV): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === "") return undefined;
  if (!/^\d+$/.test(raw))
    throw new CheckoutConfigError(
      name,
      `expected a non-negative integer, got ${JSON.stringify(raw)}`,
      `Fix ${name} or unset it.`,
    );
  return Number(raw);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * The payments OAuth 2.0 client credentials (RFC 6749 §4.4) when PAYMENTS_CLIENT_ID is set; they take precedence
 * over PAYMENTS_TOKEN.
 * @throws CheckoutConfigError when only one of PAYMENTS_CLIENT_ID and PAYMENTS_CLIENT_SECRET is set
 */
function paymentsOAuth(env: Env): { clientId: string; clientSecret: string; tokenUrl?: string } | undefined {
  const clientId = env.PAYMENTS_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.PAYMENTS_CLIENT_SECRET?.trim() || undefined;
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    const missing = clientId === undefined ? "PAYMENTS_CLIENT_ID" : "PAYMENTS_CLIENT_SECRET";
    throw new CheckoutConfigError(
      missing,
      "not set",
      `Set both PAYMENTS_CLIENT_ID and PAYMENTS_CLIENT_SECRET, or neither.`,
    );
  }
  const tokenUrl = env.PAYMENTS_TOKEN_URL?.trim() || undefined;
  return { clientId, clientSecret, ...optional("tokenUrl", tokenUrl) };
}

/**
 * Builds the service config from environment variables (see {@link CHECKOUT_ENV}); values are checked again by
 * `createCheckoutService`.
 * @throws CheckoutConfigError naming the variable and the fix, for a missing base URL or a malformed number
 */
export function checkoutConfigFromEnv(env: Env = process.env): CheckoutServiceConfig {
  const token = (name: "PAYMENTS_TOKEN" | "NOTIFICATIONS_TOKEN") => env[name]?.trim() || undefined;
  const apiKey = env.INVENTORY_API_KEY?.trim() || undefined;
  const paymentsToken = token("PAYMENTS_TOKEN");
  const oauth = paymentsOAuth(env);
  const notificationsToken = token("NOTIFICATIONS_TOKEN");
  return {
    host: env.CHECKOUT_HOST?.trim() || "127.0.0.1",
    port: integer(env, "CHECKOUT_PORT") ?? 8080,
    ...optional("orderDeadlineMs", integer(env, "CHECKOUT_ORDER_DEADLINE_MS")),
    ...optional("reservationHoldMs", integer(env, "CHECKOUT_RESERVATION_HOLD_MS")),
    payments: {
      baseUrl: required(env, "PAYMENTS_BASE_URL"),
      ...optional(
        "auth",
        oauth !== undefined
          ? { oauth2: oauth }
          : paymentsToken === undefined
            ? undefined
            : { bearerAuth: paymentsToken },
      ),
    },
    inventory: {
      baseUrl: required(env, "INVENTORY_BASE_URL"),
      ...optional("auth", apiKey === undefined ? undefined : { apiKey }),
    },
    notifications: {
      baseUrl: required(env, "NOTIFICATIONS_BASE_URL"),
      ...optional("auth", notificationsToken === undefined ? undefined : { bearerAuth: notificationsToken }),
    },
  };
}
