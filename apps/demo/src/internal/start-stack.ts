import { fileURLToPath } from "node:url";
import { type CheckoutService, createCheckoutService } from "@outbound/checkout-service";
import type { ResilienceOptions } from "@outbound/resilience";
import { startTestServer, type TestServer } from "@outbound/testkit";
import { type CallJournal, createCallJournal } from "./call-journal.js";

/** The downstream names, in the order checkout-service calls them. */
export const DOWNSTREAM_NAMES = ["inventory", "payments", "notifications"] as const;

/** One of {@link DOWNSTREAM_NAMES}. */
export type DownstreamName = (typeof DOWNSTREAM_NAMES)[number];

/** The testkit servers, checkout-service and the journal of its downstream calls. */
export interface Stack {
  readonly downstreams: Readonly<Record<DownstreamName, TestServer>>;
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
 * Starts a testkit server per downstream spec (127.0.0.1, free ports), then checkout-service against them with a
 * {@link CallJournal} as every client's hooks. On failure everything started so far is closed again.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const started: TestServer[] = [];
  try {
    for (const name of DOWNSTREAM_NAMES) started.push(await startTestServer({ spec: specPath(name) }));
    const [inventory, payments, notifications] = started as [TestServer, TestServer, TestServer];
    const downstreams = { inventory, payments, notifications };
    const urls = { inventory: inventory.url, payments: payments.url, notifications: notifications.url };
    const journal = createCallJournal();
    const tuned = options.clientOptions ?? {};
    const service = createCheckoutService({
      payments: { ...tuned.payments, baseUrl: urls.payments, auth: { bearerAuth: "sk_demo_payments" } },
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
