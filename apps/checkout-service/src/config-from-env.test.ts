import { describe, expect, it } from "vitest";
import { CheckoutConfigError, resolveCheckoutConfig } from "./config.js";
import { checkoutConfigFromEnv } from "./config-from-env.js";

const env = {
  PAYMENTS_BASE_URL: "http://127.0.0.1:4010",
  INVENTORY_BASE_URL: "http://127.0.0.1:4020",
  NOTIFICATIONS_BASE_URL: "http://127.0.0.1:4030",
};

describe("checkoutConfigFromEnv", () => {
  it("reads the base URLs, credentials and numbers, with the service defaults", () => {
    expect(
      checkoutConfigFromEnv({
        ...env,
        PAYMENTS_TOKEN: "sk_1",
        INVENTORY_API_KEY: "k_2",
        CHECKOUT_PORT: "9090",
        CHECKOUT_ORDER_DEADLINE_MS: "2500",
      }),
    ).toEqual({
      host: "127.0.0.1",
      port: 9090,
      orderDeadlineMs: 2500,
      payments: { baseUrl: "http://127.0.0.1:4010", auth: { bearerAuth: "sk_1" } },
      inventory: { baseUrl: "http://127.0.0.1:4020", auth: { apiKey: "k_2" } },
      notifications: { baseUrl: "http://127.0.0.1:4030" },
    });
    expect(checkoutConfigFromEnv(env).port).toBe(8080);
  });

  it("reads payments OAuth client credentials, which win over PAYMENTS_TOKEN", () => {
    const config = checkoutConfigFromEnv({
      ...env,
      PAYMENTS_TOKEN: "sk_1",
      PAYMENTS_CLIENT_ID: "checkout",
      PAYMENTS_CLIENT_SECRET: "s3cret",
      PAYMENTS_TOKEN_URL: "http://127.0.0.1:4011/oauth/token",
    });
    expect(config.payments.auth).toEqual({
      oauth2: { clientId: "checkout", clientSecret: "s3cret", tokenUrl: "http://127.0.0.1:4011/oauth/token" },
    });
    expect(() => checkoutConfigFromEnv({ ...env, PAYMENTS_CLIENT_ID: "checkout" })).toThrow(
      "PAYMENTS_CLIENT_SECRET: not set. Set both PAYMENTS_CLIENT_ID and PAYMENTS_CLIENT_SECRET, or neither.",
    );
  });

  it("names the missing variable and the fix", () => {
    expect(() => checkoutConfigFromEnv({ ...env, INVENTORY_BASE_URL: " " })).toThrow(
      new CheckoutConfigError(
        "INVENTORY_BASE_URL",
        "not set",
        "Set INVENTORY_BASE_URL to the inventory base URL (required).",
      ),
    );
  });

  it("refuses a port that is not a number", () => {
    expect(() => checkoutConfigFromEnv({ ...env, CHECKOUT_PORT: "80a" })).toThrow(
      /^CHECKOUT_PORT: expected a non-negative integer, got "80a"\. Fix CHECKOUT_PORT or unset it\.$/,
    );
  });
});

describe("resolveCheckoutConfig", () => {
  it.each([
    [{ port: 70_000 }, /^port: expected an integer from 0 to 65535, got 70000/],
    [{ orderDeadlineMs: 0 }, /^orderDeadlineMs: expected an integer from 1 to 600000/],
    [{ payments: { baseUrl: "payments.internal" } }, /^payments\.baseUrl: not an absolute URL: "payments\.internal"/],
    [{ notifications: { baseUrl: "ftp://127.0.0.1" } }, /^notifications\.baseUrl: unsupported scheme ftp:/],
  ])("refuses %j at construction", (override, message) => {
    const config = { ...checkoutConfigFromEnv(env), ...override };
    expect(() => resolveCheckoutConfig(config)).toThrow(message);
  });
});
