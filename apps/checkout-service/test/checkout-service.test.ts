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

describe("POST /orders, downstream failures", () => {
  it("retries a 503 with Retry-After on payments and charges exactly once", async () => {
    downstreams.payments.setFaultPlan("createCharge", {
      mode: "script",
      steps: [{ kind: "respond", status: 503, retryAfter: { seconds: 1 } }],
    });
    const answer = await postOrder(url, orderBody("ord-3001"));

    expect(answer.status).toBe(201);
    const charges = downstreams.payments.requestsFor("createCharge");
    expect(charges.map((r) => r.status)).toEqual([503, 201]);
    expect(charges.map((r) => r.idempotencyKey)).toEqual([
      "checkout-order-ord-3001-charge",
      "checkout-order-ord-3001-charge",
    ]);
    const waited = (charges[1]?.arrivedAt ?? 0) - (charges[0]?.arrivedAt ?? 0);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(3_000);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);
  });

  it("answers 402 for a declined card and releases the reservation", async () => {
    downstreams.payments.setFaultPlan("createCharge", { mode: "script", steps: [{ kind: "respond", status: 402 }] });
    const answer = await postOrder(url, orderBody("ord-3002"));

    expect(answer.status).toBe(402);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.body).toMatchObject({
      type: "urn:outbound:checkout:problem:card-declined",
      status: 402,
      orderId: "ord-3002",
      declineCode: "card_declined",
      reservation: "released",
    });
    expect(downstreams.payments.ledger.count("createCharge")).toBe(0);
    expect(downstreams.inventory.ledger.entries.map((e) => `${e.operationId} ${e.path}`)).toEqual([
      "reserveStock /reservations/rsv_ord-3002",
      "releaseReservation /reservations/rsv_ord-3002",
    ]);
    expect(downstreams.notifications.requests).toHaveLength(0);
  });

  it("does not resend a confirmation whose connection reset after it was accepted; the order stays confirmed", async () => {
    downstreams.notifications.setFaultPlan("sendMessage", { mode: "script", steps: [{ kind: "reset", commit: true }] });
    const answer = await postOrder(url, orderBody("ord-3003"));

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: "confirmed", notification: { status: "unknown", code: "NETWORK" } });
    expect(downstreams.notifications.requests).toHaveLength(1);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(1);
  });

  it("answers 409 when an item is out of stock, without charging", async () => {
    downstreams.inventory.setFaultPlan("reserveStock", { mode: "script", steps: [{ kind: "respond", status: 409 }] });
    const answer = await postOrder(url, orderBody("ord-3004"));

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      type: "urn:outbound:checkout:problem:out-of-stock",
      downstreamCode: "insufficient_stock",
    });
    expect(downstreams.payments.requests).toHaveLength(0);
    expect(downstreams.notifications.requests).toHaveLength(0);
  });

  it("answers 504 within the caller's deadline when payments hangs, and keeps the reservation for a retry", async () => {
    downstreams.payments.setFaultPlan("createCharge", { mode: "script", steps: [{ kind: "hang" }] });
    const answer = await postOrder(url, orderBody("ord-3005"), { "x-outbound-timeout-ms": "600" });

    expect(answer.status).toBe(504);
    expect(answer.body).toMatchObject({
      type: "urn:outbound:checkout:problem:deadline-exceeded",
      paymentOutcome: "unknown",
      reservation: "kept",
    });
    expect(answer.elapsedMs).toBeLessThan(600 + 500);
    expect(downstreams.inventory.ledger.count("releaseReservation")).toBe(0);
    expect(downstreams.notifications.requests).toHaveLength(0);
  });
});

describe("POST /orders, a retry after an unknown payment outcome", () => {
  it("keeps the reservation while payments cannot tell, then confirms with the one charge", async () => {
    downstreams.payments.setFaultPlan("createCharge", {
      mode: "script",
      steps: [
        { kind: "hang", commit: true },
        { times: 3, fault: { kind: "respond", status: 503 } },
      ],
    });
    const first = await postOrder(url, orderBody("ord-5001"), { "x-outbound-timeout-ms": "600" });
    const second = await postOrder(url, orderBody("ord-5001"));
    const third = await postOrder(url, orderBody("ord-5001"));

    expect([first.status, second.status, third.status]).toEqual([504, 503, 201]);
    expect(first.body).toMatchObject({ paymentOutcome: "unknown", reservation: "kept" });
    expect(second.body).toMatchObject({ paymentOutcome: "unknown", reservation: "kept" });
    expect(downstreams.inventory.ledger.count("releaseReservation")).toBe(0);
    const charges = downstreams.payments.ledger.byOperation("createCharge");
    expect(charges).toHaveLength(1);
    expect(third.body.charge).toMatchObject({ id: (charges[0]?.responseBody as { id?: string } | undefined)?.id });
    expect(downstreams.payments.requestsFor("createCharge").map((r) => r.replayed)).toEqual([
      false,
      false,
      false,
      false,
      true,
    ]);
    expect(downstreams.notifications.ledger.count("sendMessage")).toBe(1);
  });
});

describe("POST /orders, payments breaker open", () => {
  it("fails fast with 503 and Retry-After, sends nothing, and releases the reservation", async () => {
    await service.close();
    const breaker = { minimumCalls: 2, windowSize: 4, failureRatio: 0.5, halfOpenAfterMs: 4_000 };
    ({ service, url } = await startService(downstreams, {
      payments: {
        baseUrl: downstreams.payments.url,
        auth: { bearerAuth: "sk_test_payments" },
        breaker,
        retry: { maxAttempts: 2 },
      },
    }));
    downstreams.payments.setFaultPlan("createCharge", {
      mode: "script",
      steps: [{ times: 2, fault: { kind: "respond", status: 500 } }],
    });
    const broken = await postOrder(url, orderBody("ord-6001"));
    const fast = await postOrder(url, orderBody("ord-6002"));

    expect(broken.status).toBe(503);
    expect(broken.body).toMatchObject({
      type: "urn:outbound:checkout:problem:payment-outcome-unknown",
      reservation: "kept",
    });
    expect(service.clients.payments.downstream.breakerState()).toBe("open");
    expect(fast.status).toBe(503);
    expect(fast.headers.get("retry-after")).toBe("4");
    expect(fast.body).toMatchObject({
      type: "urn:outbound:checkout:problem:downstream-unavailable",
      code: "CIRCUIT_OPEN",
      attempts: 0,
      reservation: "released",
    });
    expect(downstreams.payments.requestsFor("createCharge")).toHaveLength(2);
    expect(downstreams.inventory.ledger.entries.map((e) => `${e.operationId} ${e.path}`)).toEqual([
      "reserveStock /reservations/rsv_ord-6001",
      "reserveStock /reservations/rsv_ord-6002",
      "releaseReservation /reservations/rsv_ord-6002",
    ]);
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
