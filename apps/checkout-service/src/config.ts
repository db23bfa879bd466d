import type { ResilienceHooks } from "@outbound/resilience";
import type { CheckoutClientOptions } from "./internal/checkout-clients.js";

/**
 * Configuration of {@link createCheckoutService}. The downstream options are the generated clients' own option
 * types (`baseUrl`, `auth`, and every resilience knob), so the service adds no second vocabulary for them.
 */
export interface CheckoutServiceConfig extends CheckoutClientOptions {
  /** Interface to listen on. @default "127.0.0.1" */
  readonly host?: string;
  /** TCP port; 0 picks a free one (see the `port` that `listen()` returns). @default 0 */
  readonly port?: number;
  /** Budget of one order in ms, every downstream call included; an inbound `x-outbound-timeout-ms` can only shorten it. @default 10000 */
  readonly orderDeadlineMs?: number;
  /** How long a reservation holds before it lapses by itself, in ms (it is released earlier when the charge fails). @default 900000 */
  readonly reservationHoldMs?: number;
  /** Confirmed orders remembered for replay by order id; the oldest are forgotten past it. @default 10000 */
  readonly orderStoreMaxEntries?: number;
  /** Resilience hooks given to every client that sets none of its own (logging, metrics, the demo's recorder). */
  readonly hooks?: ResilienceHooks;
}

/** The fields of {@link CheckoutServiceConfig} that have a default. */
type Defaulted = Required<
  Pick<CheckoutServiceConfig, "host" | "port" | "orderDeadlineMs" | "reservationHoldMs" | "orderStoreMaxEntries">
>;

/** The defaults of {@link CheckoutServiceConfig}. Frozen; tests import it. */
export const DEFAULT_CHECKOUT_CONFIG: Readonly<Defaulted> = Object.freeze({
  host: "127.0.0.1",
  port: 0,
  orderDeadlineMs: 10_000,
  reservationHoldMs: 15 * 60_000,
  orderStoreMaxEntries: 10_000,
});

/** Resolved {@link CheckoutServiceConfig}: every default applied, every value checked. */
export type ResolvedCheckoutServiceConfig = CheckoutServiceConfig & Readonly<Defaulted>;

/** A configuration value is missing or invalid; `setting` names it (an env variable or a config field). */
export class CheckoutConfigError extends Error {
  override readonly name = "CheckoutConfigError";
  readonly code = "CHECKOUT_CONFIG" as const;
  /** The env variable or config field at fault. */
  readonly setting: string;
  constructor(setting: string, problem: string, fix: string) {
    super(`${setting}: ${problem}. ${fix}`);
    this.setting = setting;
  }
}

function checkInteger(setting: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CheckoutConfigError(
      setting,
      `expected an integer from ${min} to ${max}, got ${String(value)}`,
      "Fix the value or leave it out for the default.",
    );
  }
  return value;
}

function checkBaseUrl(setting: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CheckoutConfigError(
      setting,
      `not an absolute URL: ${JSON.stringify(value)}`,
      "Give the downstream's base URL, e.g. http://127.0.0.1:4010.",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new CheckoutConfigError(setting, `unsupported scheme ${url.protocol}`, "Use an http: or https: URL.");
  }
}

/**
 * Applies the defaults and checks every value.
 * @throws CheckoutConfigError naming the field and the fix
 */
export function resolveCheckoutConfig(config: CheckoutServiceConfig): ResolvedCheckoutServiceConfig {
  const resolved = { ...DEFAULT_CHECKOUT_CONFIG, ...config };
  checkInteger("port", resolved.port, 0, 65_535);
  checkInteger("orderDeadlineMs", resolved.orderDeadlineMs, 1, 600_000);
  checkInteger("reservationHoldMs", resolved.reservationHoldMs, 1_000, 7 * 24 * 3_600_000);
  checkInteger("orderStoreMaxEntries", resolved.orderStoreMaxEntries, 1, 10_000_000);
  checkBaseUrl("payments.baseUrl", resolved.payments.baseUrl);
  checkBaseUrl("inventory.baseUrl", resolved.inventory.baseUrl);
  checkBaseUrl("notifications.baseUrl", resolved.notifications.baseUrl);
  return resolved;
}
