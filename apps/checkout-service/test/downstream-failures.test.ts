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
