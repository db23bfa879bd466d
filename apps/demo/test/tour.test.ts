import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTour } from "../src/internal/format-tour.js";
import { ledgerFigures } from "../src/internal/ledger-figures.js";
import { describeFeed, feedDeviations, followPaymentFeed } from "../src/internal/payment-feed.js";
import { describeWalk, walkPayments } from "../src/internal/payments-walk.js";
import { PAYMENTS_STREAM_IDLE_TIMEOUT_MS, type Stack, startStack } from "../src/internal/start-stack.js";
import { runTour, type TourStop } from "../src/internal/tour.js";

describe("the main job's tour of orders", () => {
  let stack: Stack;
  let stops: TourStop[];

  beforeAll(async () => {
    stack = await startStack();
    stops = await runTour(stack);
  });
  afterAll(async () => {
    await stack.close();
  });

  const summary = (stop: TourStop | undefined) =>
    stop?.calls.map(
      (c) => `${c.downstream} ${c.operationId} ×${c.attempts} [${c.outcomes.join(" → ")}] ${c.idempotencyKey ?? "-"}`,
    );

  it("answers each order as its downstreams behaved", () => {
    expect(stops.map((s) => s.answer.status)).toEqual([201, 201, 201, 402, 201, 200]);
    expect(stops.map((s) => (s.answer.body.notification as { status?: string } | undefined)?.status)).toEqual([
      "sent",
      "sent",
      "unknown",
      undefined,
      "sent",
      "sent",
    ]);
    expect(stops[3]?.answer.body).toMatchObject({ reservation: "released", declineCode: "card_declined" });
    expect(stops[5]?.answer.replayed).toBe(true);
    expect(stops[5]?.answer.body).toEqual(stops[0]?.answer.body);
    // The 120 earlier charges come first: the tour's charges are ch_000121 on.
    expect(stops.map((s) => (s.answer.body.charge as { id?: string } | undefined)?.id)).toEqual([
      "ch_000121",
      "ch_000122",
      "ch_000123",
      undefined,
      "ch_000124",
      "ch_000121",
    ]);
  });

  it("records every downstream call per order: attempts, statuses and idempotency keys", () => {
    expect(summary(stops[0])).toEqual([
      "inventory reserveStock ×1 [200] -",
      "payments createCharge ×1 [201] checkout-order-ord-tour-1-charge",
      "notifications sendMessage ×1 [202] -",
    ]);
    expect(summary(stops[1])).toEqual([
      "inventory reserveStock ×1 [200] -",
      "payments createCharge ×2 [503 → 201] checkout-order-ord-tour-2-charge",
      "notifications sendMessage ×1 [202] -",
    ]);
    expect(stops[1]?.calls[1]?.waits).toEqual(["1000 ms (retry-after) after HTTP 503"]);
    expect(summary(stops[2])).toEqual([
      "inventory reserveStock ×1 [200] -",
      "payments createCharge ×1 [201] checkout-order-ord-tour-3-charge",
      "notifications sendMessage ×1 [reset (after commit)] -",
    ]);
    expect(summary(stops[3])).toEqual([
      "inventory reserveStock ×1 [200] -",
      "payments createCharge ×1 [402] checkout-order-ord-tour-4-charge",
      "inventory releaseReservation ×1 [204] -",
    ]);
    expect(summary(stops[4])).toEqual([
      "inventory reserveStock ×1 [200] -",
      "payments createCharge ×2 [401 → 201] checkout-order-ord-tour-5-charge",
      "notifications sendMessage ×1 [202] -",
    ]);
    expect(summary(stops[5])).toEqual([]);
  });

  it("authorises every payments call with OAuth tokens: one token request, one more after the revocation", () => {
    const requests = stack.tokenEndpoint.requests;
    expect(requests.map((r) => [r.clientId, r.clientAuthentication, r.scopes.join(" "), r.status])).toEqual([
      ["checkout-service", "basic", "charges:read charges:write", 200],
      ["checkout-service", "basic", "charges:read charges:write", 200],
    ]);
    const [first, second] = stack.tokenEndpoint.issued;
    expect(stack.downstreams.payments.requests.map((r) => [r.status, r.headers.authorization])).toEqual([
      [201, `Bearer ${first}`],
      [503, `Bearer ${first}`],
      [201, `Bearer ${first}`],
      [201, `Bearer ${first}`],
      [402, `Bearer ${first}`],
      [401, `Bearer ${first}`],
      [201, `Bearer ${second}`],
    ]);
  });

  it("leaves ledgers with one charge per paid order and no message sent twice", () => {
    expect(ledgerFigures(stack)).toEqual({
      charges: 4,
      chargeRequests: 7,
      chargedOrderIds: ["ord-tour-1", "ord-tour-2", "ord-tour-3", "ord-tour-5"],
      duplicateCharges: 0,
      reservations: 5,
      releases: 1,
      messages: 4,
      duplicateMessages: 0,
    });
  });

  it("follows ord-tour-1's payment events: 3 relayed once each; payments stalling after 2 is resumed with Last-Event-ID", async () => {
    const feed = await followPaymentFeed(stack, "ord-tour-1");
    const charge = (stops[0]?.answer.body.charge as { id?: string } | undefined)?.id;
    const events = [
      { type: "charge.created", id: "1" },
      { type: "charge.authorized", id: "2" },
      { type: "charge.succeeded", id: "3" },
    ];
    expect(feed.healthy).toMatchObject({
      orderId: "ord-tour-1",
      status: 200,
      events,
      ended: "end",
      downstreamOutcomes: ["finished"],
      resumedWith: [],
    });
    expect(feed.stalled).toMatchObject({
      status: 200,
      events,
      ended: "end",
      downstreamOutcomes: ["closed-by-client", "finished"],
      resumedWith: ["2"],
    });
    // Event 3 came after the idle timeout and the reconnect; the healthy run never waited that long.
    expect(feed.stalled.longestSilenceMs).toBeGreaterThanOrEqual(PAYMENTS_STREAM_IDLE_TIMEOUT_MS - 10);
    expect(feed.stalled.longestSilenceMs).toBeLessThan(PAYMENTS_STREAM_IDLE_TIMEOUT_MS + 1_000);
    expect(feed.healthy.longestSilenceMs).toBeLessThan(PAYMENTS_STREAM_IDLE_TIMEOUT_MS);
    expect(feed.healthy.timeToFirstEventMs).toBeLessThan(feed.healthy.totalMs);
    expect(feedDeviations(feed)).toBe(0);
    expect(
      stack.downstreams.payments
        .requestsFor("streamChargeEvents")
        .map((r) => [r.path, r.status, r.headers["last-event-id"]]),
    ).toEqual([
      [`/charges/${charge}/events`, 200, undefined],
      [`/charges/${charge}/events`, 200, undefined],
      [`/charges/${charge}/events`, 200, "2"],
    ]);
    expect(describeFeed(feed).map((line) => line.replace(/\d+ ms/g, "N ms"))).toEqual([
      "healthy: 3 events (1:charge.created → 2:charge.authorized → 3:charge.succeeded), first after N ms, ended; payments requests finished",
      "payments stalls after 2: 3 events (1:charge.created → 2:charge.authorized → 3:charge.succeeded), first after N ms, ended, resumed with Last-Event-ID 2 after N ms of silence (idle timeout); payments requests closed-by-client, finished",
    ]);
  });

  it("walks every charge once through checkout-service's paged reconciliation: 124 charges over 3 pages of 50", async () => {
    const walk = await walkPayments(stack);
    expect(walk).toEqual({
      reconciliation: {
        charges: 124,
        pages: 3,
        pageSize: 50,
        chargedOrders: 124,
        duplicateCharges: 0,
        ordersChargedTwice: [],
        chargesListedTwice: 0,
      },
      expectedCharges: 124,
      missedOrTwice: 0,
      tokenRequests: 2,
      unauthorized: 1,
    });
    expect(
      stack.downstreams.payments.requestsFor("listCharges").map((r) => [r.url, r.status, r.headers.authorization]),
    ).toEqual([
      ["/charges?limit=50", 200, `Bearer ${stack.tokenEndpoint.issued[1]}`],
      ["/charges?limit=50&starting_after=ch_000050", 200, `Bearer ${stack.tokenEndpoint.issued[1]}`],
      ["/charges?limit=50&starting_after=ch_000100", 200, `Bearer ${stack.tokenEndpoint.issued[1]}`],
    ]);
    expect(describeWalk(walk)).toBe(
      "124 charges walked over 3 pages of 50 (124 held, missed or listed twice 0), orders charged twice 0; OAuth 2 token requests, 1 answered 401 and replayed",
    );
  });

  it("prints one block per order with a row per downstream call", () => {
    const text = formatTour(stops).join("\n");
    expect(text).toContain("Order 2: Payments answers 503 with Retry-After: 1 on the first attempt");
    expect(text).toMatch(/payments\s+createCharge\s+2\s+503 → 201\s+checkout-order-ord-tour-2-charge/);
    expect(text).toContain("· waited 1000 ms (retry-after) after HTTP 503");
    expect(text).toMatch(/notifications\s+sendMessage\s+1\s+reset \(after commit\)/);
  });
});

describe("the main job as a process", () => {
  it("prints every order and exits 0 with no socket left open", async () => {
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const { stdout } = await promisify(execFile)("npx", ["tsx", "--conditions=@outbound/source", "src/orders.ts"], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 60_000,
    });
    expect(stdout).toContain("Order 6: The client retries the first order (same order id)");
    expect(stdout).toContain("payments       4 charges from 7 charge requests, duplicate charges 0");
    expect(stdout).toContain("notifications  4 messages, sent twice for one order 0");
    expect(stdout).toContain(
      "  124 charges walked over 3 pages of 50 (124 held, missed or listed twice 0), orders charged twice 0; OAuth 2 token requests, 1 answered 401 and replayed",
    );
    expect(stdout).toContain(
      "Payment events of ord-tour-1 (checkout-service relaying payments streamChargeEvents, SSE)",
    );
    expect(stdout).toMatch(
      /healthy: 3 events \(1:charge\.created → 2:charge\.authorized → 3:charge\.succeeded\), first after \d+ ms, ended; payments requests finished/,
    );
    expect(stdout).toMatch(
      /payments stalls after 2: 3 events \(1:charge\.created → 2:charge\.authorized → 3:charge\.succeeded\), first after \d+ ms, ended, resumed with Last-Event-ID 2 after \d+ ms of silence \(idle timeout\); payments requests closed-by-client, finished/,
    );
    expect(stdout).toContain("sockets left open 0");
  });
});
