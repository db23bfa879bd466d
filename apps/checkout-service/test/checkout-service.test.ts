import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CheckoutService } from "../src/index.js";
import { type Downstreams, orderBody, postOrder, startDownstreams, startService } from "./downstreams.js";

let downstreams: Downstreams;
let service: CheckoutService;
let url: string;

beforeEach(async () => {
  downstreams = await startDownstreams();
  ({ service, url } = await startService(downstreams));
});

afterEach(async () => {
  await service.close();
  await downstreams.close();
});

/** Every request each downstream saw, flattened. */
function allRequests() {
  return [...downstreams.inventory.requests, ...downstreams.payments.requests, ...downstreams.notifications.requests];
}

describe("POST /orders, healthy downstreams", () => {
  it("reserves, charges once and confirms, carrying the caller's x-request-id to every downstream", async () => {
    const answer = await postOrder(url, orderBody("ord-1001"), { "x-request-id": "req-happy-1" });

    expect(answer.status).toBe(201);
    expect(answer.headers.get("x-request-id")).toBe("req-happy-1");
    expect(answer.headers.get("location")).toBe("/orders/ord-1001");
    expect(answer.body).toMatchObject({
      orderId: "ord-1001",
      status: "confirmed",
      reservationId: "rsv_ord-1001",
      charge: { amount: 4999, currency: "EUR", idempotencyKey: "checkout-order-ord-1001-charge" },
      notification: { status: "sent" },
    });
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
    expect(downstreams.inventory.ledger.count("reserveStock")).toBe(1);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);

    const requests = allRequests();
    expect(requests.map((r) => r.operationId)).toEqual(["reserveStock", "createCharge", "sendMessage"]);
    expect(requests.map((r) => r.headers["x-request-id"])).toEqual(["req-happy-1", "req-happy-1", "req-happy-1"]);
    expect(requests.map((r) => r.validationErrors)).toEqual([[], [], []]);
    for (const request of requests) {
      const timeLeft = Number(request.headers["x-outbound-timeout-ms"]);
      expect(timeLeft).toBeGreaterThan(0);
      expect(timeLeft).toBeLessThanOrEqual(10_000);
    }
    const [reserve, charge, message] = requests;
    expect(reserve?.path).toBe("/reservations/rsv_ord-1001");
    expect(reserve?.headers["x-api-key"]).toBe("inv_test_key");
    expect(charge?.idempotencyKey).toBe("checkout-order-ord-1001-charge");
    expect(charge?.headers.authorization).toBe("Bearer sk_test_payments");
    expect(charge?.json).toMatchObject({
      amount: 4999,
      currency: "eur",
      customerId: "cus_8f2k1",
      metadata: { orderId: "ord-1001" },
    });
    expect(message?.json).toMatchObject({
      channel: "email",
      to: "ada@example.com",
      subject: "Your order ord-1001 is confirmed",
    });
    const [chargeEntry] = downstreams.payments.ledger.byOperation("createCharge");
    expect(answer.body.charge).toMatchObject({ id: (chargeEntry?.responseBody as { id?: string } | undefined)?.id });
  });

  it("makes a request id when the caller sends none, and uses it downstream", async () => {
    const answer = await postOrder(url, orderBody("ord-1002"));
    const requestId = answer.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(allRequests().map((r) => r.headers["x-request-id"]))).toEqual(new Set([requestId]));
  });
});

describe("POST /orders, the caller's deadline", () => {
  it("sends every downstream only the time the caller's deadline leaves", async () => {
    const answer = await postOrder(url, orderBody("ord-1003"), { "x-outbound-timeout-ms": "2500" });
    expect(answer.status).toBe(201);
    const timeLeft = allRequests().map((r) => Number(r.headers["x-outbound-timeout-ms"]));
    expect(timeLeft).toHaveLength(3);
    for (const ms of timeLeft) {
      expect(ms).toBeLessThanOrEqual(2500);
      expect(ms).toBeGreaterThan(1500);
    }
    // Each call starts later than the one before, so it has less time left.
    expect([...timeLeft].sort((a, b) => b - a)).toEqual(timeLeft);
  });
});

describe("POST /orders, repeated order id", () => {
  it("replays a confirmed order without touching a downstream again", async () => {
    const first = await postOrder(url, orderBody("ord-2001"));
    const second = await postOrder(url, orderBody("ord-2001"));
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    expect(second.body).toEqual(first.body);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
    expect(downstreams.payments.requests).toHaveLength(1);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);
  });

  it("joins a concurrent retry of the same order: one charge, one message", async () => {
    downstreams.payments.setFaultPlan("createCharge", {
      mode: "script",
      steps: [{ kind: "pass", delayBeforeHeadersMs: 300 }],
    });
    const [a, b] = await Promise.all([postOrder(url, orderBody("ord-2002")), postOrder(url, orderBody("ord-2002"))]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body).toEqual(b.body);
    expect(downstreams.payments.requests).toHaveLength(1);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);
  });

  it("still charges once when the order is placed again after a restart (same Idempotency-Key, replayed)", async () => {
    const first = await postOrder(url, orderBody("ord-2003"));
    await service.close();
    ({ service, url } = await startService(downstreams));
    const again = await postOrder(url, orderBody("ord-2003"));

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.charge).toEqual(first.body.charge);
    const charges = downstreams.payments.requestsFor("createCharge");
    expect(charges.map((r) => r.idempotencyKey)).toEqual([
      "checkout-order-ord-2003-charge",
      "checkout-order-ord-2003-charge",
    ]);
    expect(charges.map((r) => r.replayed)).toEqual([false, true]);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
    expect(downstreams.inventory.requestsFor("reserveStock").map((r) => r.path)).toEqual([
      "/reservations/rsv_ord-2003",
      "/reservations/rsv_ord-2003",
    ]);
    // The new process cannot know its predecessor sent the confirmation, and notifications has no idempotency
    // support: the message goes out again. Charges and reservations are exact; the message is at-least-once here.
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(2);
  });

  it("refuses the same order id for a different order with 422", async () => {
    await postOrder(url, orderBody("ord-2004"));
    const other = await postOrder(url, orderBody("ord-2004", { amount: 1 }));
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ type: "urn:outbound:checkout:problem:order-id-reused", orderId: "ord-2004" });
    expect(downstreams.payments.requests).toHaveLength(1);
  });
});

describe("GET /orders/{orderId} and GET /healthz", () => {
  it("reads back a confirmed order, 404 for an unknown one, and reports each breaker", async () => {
    const placed = await postOrder(url, orderBody("ord-7001"));
    const read = await fetch(`${url}/orders/ord-7001`);
    const unknown = await fetch(`${url}/orders/ord-7002`);
    const health = await fetch(`${url}/healthz`);

    expect(read.status).toBe(200);
    expect(read.headers.get("idempotent-replayed")).toBeNull();
    expect(await read.json()).toEqual(placed.body);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ type: "urn:outbound:checkout:problem:order-not-found", status: 404 });
    expect(await health.json()).toEqual({
      status: "ok",
      breakers: { payments: "closed", inventory: "closed", notifications: "closed" },
    });
  });
});

describe("POST /orders, invalid requests", () => {
  it("answers 400 naming every invalid field by JSON pointer", async () => {
    const answer = await postOrder(
      url,
      orderBody("ord-4001", { currency: "eur", items: [{ sku: "SKU-1001", quantity: 0 }] }),
    );
    expect(answer.status).toBe(400);
    expect((answer.body.errors as { pointer: string }[]).map((e) => e.pointer).sort()).toEqual([
      "/currency",
      "/items/0/quantity",
    ]);
    expect(allRequests()).toHaveLength(0);
  });

  it("answers 400 for a body that is not JSON", async () => {
    const answer = await postOrder(url, "{not json");
    expect(answer.status).toBe(400);
    expect(answer.body.type).toBe("urn:outbound:checkout:problem:malformed-json");
  });
});
