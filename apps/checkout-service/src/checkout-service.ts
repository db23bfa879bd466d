import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { createTransport } from "@outbound/resilience";
import { Hono } from "hono";
import { type CheckoutServiceConfig, resolveCheckoutConfig } from "./config.js";
import { type CheckoutClients, createCheckoutClients } from "./internal/checkout-clients.js";
import { orderRoutes } from "./internal/order-routes.js";
import { createOrderStore } from "./internal/order-store.js";
import type { OrderOutcome } from "./internal/place-order.js";
import { problem } from "./internal/problem.js";
import { type ChargeReconciliation, reconcileCharges, reconciliationFailure } from "./internal/reconcile-charges.js";

/** Where a started service listens. */
export interface ListeningAddress {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
}

/** A checkout service, created but not yet listening. */
export interface CheckoutService {
  /** Starts listening; resolves once the socket is bound. @throws the listen error (e.g. EADDRINUSE) */
  listen(): Promise<ListeningAddress>;
  /**
   * Stops accepting connections, ends idle keep-alive sockets, waits for requests in flight, then closes the
   * outbound connection pool. Idempotent.
   */
  close(): Promise<void>;
  /** The HTTP handler (Fetch API), for serving without a socket. */
  readonly fetch: (request: Request) => Promise<Response>;
  /** The three downstream clients, e.g. to read `downstream.breakerState()`. */
  readonly clients: CheckoutClients;
  /**
   * Walks every charge of payments in pages of `pageSize` (1 to 100, default 50) and counts charges per order id
   * (what `GET /reconciliation/charges` answers).
   * @throws the resilience error of a page that failed for good (`PAGE_FAILED`, with `resume`)
   */
  reconcileCharges(pageSize?: number): Promise<ChargeReconciliation>;
}

/**
 * Creates checkout-service: `POST /orders` reserves stock, charges the payment once and sends the confirmation
 * through the generated clients; `GET /orders/{orderId}`; `GET /orders/{orderId}/payment-events` relays the
 * order's charge events (payments' server-sent events) as server-sent events; `GET /reconciliation/charges` walks every charge of
 * payments page by page; `GET /healthz` with each downstream's breaker state.
 * @throws CheckoutConfigError for an invalid config (before anything is opened)
 */
export function createCheckoutService(config: CheckoutServiceConfig): CheckoutService {
  const resolved = resolveCheckoutConfig(config);
  const transport = createTransport();
  const clients = createCheckoutClients(resolved, transport, resolved.hooks);
  const app = new Hono();
  app.route(
    "/",
    orderRoutes({ clients, store: createOrderStore<OrderOutcome>(resolved.orderStoreMaxEntries), ...resolved }),
  );
  app.get("/reconciliation/charges", async (c) => {
    const raw = c.req.query("limit");
    const pageSize = raw === undefined ? undefined : Number(raw);
    if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 100)) {
      const body = problem("invalid-query", `limit must be an integer from 1 to 100, got ${JSON.stringify(raw)}.`);
      return new Response(JSON.stringify(body), {
        status: body.status,
        headers: { "content-type": "application/problem+json" },
      });
    }
    try {
      return c.json(await reconcileCharges(clients.payments, pageSize));
    } catch (error) {
      const mapped = reconciliationFailure(error);
      if (mapped === undefined) throw error;
      const headers: Record<string, string> = { "content-type": "application/problem+json" };
      if (mapped.retryAfterSeconds !== undefined) headers["retry-after"] = String(mapped.retryAfterSeconds);
      return new Response(JSON.stringify(mapped.problem), { status: mapped.problem.status, headers });
    }
  });
  app.get("/healthz", (c) =>
    c.json({
      status: "ok",
      breakers: {
        payments: clients.payments.downstream.breakerState(),
        inventory: clients.inventory.downstream.breakerState(),
        notifications: clients.notifications.downstream.breakerState(),
      },
    }),
  );
  app.onError((error, c) => {
    const requestId = c.req.header("x-request-id");
    // The cause goes to the log, never to the caller (it may name internals).
    console.error(
      `checkout-service: unexpected error${requestId === undefined ? "" : ` (x-request-id ${requestId})`}:`,
      error,
    );
    const body = problem(
      "internal-error",
      "An unexpected error stopped this order; it has been logged. Retrying with the same orderId is safe.",
    );
    return new Response(JSON.stringify(body), {
      status: body.status,
      headers: { "content-type": "application/problem+json" },
    });
  });
  // Keep the global Request/Response untouched: the clients in this process build their own.
  const server = createAdaptorServer({ fetch: app.fetch, overrideGlobalObjects: false }) as Server;
  let closing: Promise<void> | undefined;

  return {
    fetch: async (request) => app.fetch(request),
    clients,
    reconcileCharges: (pageSize) => reconcileCharges(clients.payments, pageSize),
    listen: () =>
      new Promise<ListeningAddress>((resolve, reject) => {
        server.once("error", reject);
        server.listen(resolved.port, resolved.host, () => {
          server.off("error", reject);
          const { port } = server.address() as AddressInfo;
          const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;
          resolve({ url: `http://${host}:${port}`, host: resolved.host, port });
        });
      }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }).then(() => transport.close());
      return closing;
    },
  };
}
