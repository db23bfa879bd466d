import { fileURLToPath } from "node:url";
import { type CheckoutService, createCheckoutService } from "@outbound/checkout-service";
import type { ResilienceOptions } from "@outbound/resilience";
import { type OAuthTokenEndpoint, startOAuthTokenEndpoint, startTestServer, type TestServer } from "@outbound/testkit";
import { type CallJournal, createCallJournal } from "./call-journal.js";

/** The downstream names, in the order checkout-service calls them. */
export const DOWNSTREAM_NAMES = ["inventory", "payments", "notifications"] as const;

/** One of {@link DOWNSTREAM_NAMES}. */
export type DownstreamName = (typeof DOWNSTREAM_NAMES)[number];

/** Charges payments holds before the first order (`ch_000001` …, order ids `ord-earlier-<n>`), for the paged walk. */
export const EARLIER_CHARGES = 120;

/** The OAuth 2.0 client checkout-service authenticates to payments' token endpoint as (client credentials). */
export const PAYMENTS_OAUTH_CLIENT = Object.freeze({
  clientId: "checkout-service",
  clientSecret: "demo-client-secret",
});

/** Lifetime of payments' access tokens in seconds: short, so a full demo run sees one refreshed ahead of expiry. */
export const PAYMENTS_TOKEN_LIFETIME_S = 30;

/**
 * Idle timeout of checkout-service's payments streams (payment events), in ms: no event for this long ends the
 * relay with `STREAM_IDLE_TIMEOUT` (the client default, 30 s, is longer than a demo should wait).
 */
export const PAYMENTS_STREAM_IDLE_TIMEOUT_MS = 1_000;

/** The testkit servers, checkout-service and the journal of its downstream calls. */
export interface Stack {
  readonly downstreams: Readonly<Record<DownstreamName, TestServer>>;
  /** Payments' OAuth 2.0 token endpoint: payments accepts only tokens it issued (counted in `requests`). */
  readonly tokenEndpoint: OAuthTokenEndpoint;
  readonly service: CheckoutService;
  /** checkout-service's base URL. */
  readonly url: string;
  readonly journal: CallJournal;
  /** Closes checkout-service (its outbound pool too), then every testkit server. Idempotent. */
  close(): Promise<void>;
}

/** What {@link startStack} lets a caller tune. */
export interface StackOptions {
  /** Resilience options per client (breaker, retry ...), merged into that client's config. */
  readonly clientOptions?: Partial<Readonly<Record<DownstreamName, ResilienceOptions>>>;
}

/** `specs/<name>/openapi.yaml` of this repository. */
export function specPath(name: DownstreamName): string {
  return fileURLToPath(new URL(`../../../../specs/${name}/openapi.yaml`, import.meta.url));
}

/**
 * Starts payments' OAuth token endpoint and a testkit server per downstream spec (127.0.0.1, free ports; payments
 * holds {@link EARLIER_CHARGES} charges and requires tokens from that endpoint), then checkout-service against them
 * with a {@link CallJournal} as every client's hooks and OAuth client credentials for payments. On failure
 * everything started so far is closed again.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const started: { close(): Promise<void> }[] = [];
  try {
    const tokenEndpoint = await startOAuthTokenEndpoint({
      clients: { [PAYMENTS_OAUTH_CLIENT.clientId]: PAYMENTS_OAUTH_CLIENT.clientSecret },
      lifetimeSeconds: PAYMENTS_TOKEN_LIFETIME_S,
    });
    started.push(tokenEndpoint);
    const servers: TestServer[] = [];
    for (const name of DOWNSTREAM_NAMES) {
      const payments = name === "payments";
      const server = await startTestServer({
        spec: specPath(name),
        ...(payments ? { requireToken: tokenEndpoint, seed: { "/charges": earlierCharges() } } : {}),
      });
      servers.push(server);
      started.push(server);
    }
    const [inventory, payments, notifications] = servers as [TestServer, TestServer, TestServer];
    const downstreams = { inventory, payments, notifications };
    const urls = { inventory: inventory.url, payments: payments.url, notifications: notifications.url };
    const journal = createCallJournal();
    const tuned = options.clientOptions ?? {};
    const service = createCheckoutService({
      payments: {
        stream: { idleTimeoutMs: PAYMENTS_STREAM_IDLE_TIMEOUT_MS },
        ...tuned.payments,
        baseUrl: urls.payments,
        auth: { oauth2: { ...PAYMENTS_OAUTH_CLIENT, tokenUrl: tokenEndpoint.tokenUrl } },
      },
      inventory: { ...tuned.inventory, baseUrl: urls.inventory, auth: { apiKey: "demo_inventory_key" } },
      notifications: {
        ...tuned.notifications,
        baseUrl: urls.notifications,
        auth: { bearerAuth: "sk_demo_notifications" },
      },
      hooks: journal.hooks,
    });
    const { url } = await service.listen();
    let closing: Promise<void> | undefined;
    return {
      downstreams,
      tokenEndpoint,
      service,
      url,
      journal,
      close: () => {
        closing ??= service.close().then(async () => {
          await Promise.all(started.map((server) => server.close()));
        });
        return closing;
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}

/** The charges payments holds before the first order: one per earlier order, `ord-earlier-1` …, amounts varied. */
function earlierCharges() {
  return {
    count: EARLIER_CHARGES,
    fields: (i: number) => ({ amount: 1_000 + 25 * i, metadata: { orderId: `ord-earlier-${i + 1}` } }),
  };
}
