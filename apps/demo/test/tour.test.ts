import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatTour } from "../src/internal/format-tour.js";
import { ledgerFigures } from "../src/internal/ledger-figures.js";
import { type Stack, startStack } from "../src/internal/start-stack.js";
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
    expect(stops.map((s) => s.answer.status)).toEqual([201, 201, 201, 402, 200]);
    expect(stops.map((s) => (s.answer.body.notification as { status?: string } | undefined)?.status)).toEqual([
      "sent",
      "sent",
      "unknown",
      undefined,
      "sent",
    ]);
    expect(stops[3]?.answer.body).toMatchObject({ reservation: "released", declineCode: "card_declined" });
    expect(stops[4]?.answer.replayed).toBe(true);
    expect(stops[4]?.answer.body).toEqual(stops[0]?.answer.body);
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
    expect(summary(stops[4])).toEqual([]);
  });

  it("leaves ledgers with one charge per paid order and no message sent twice", () => {
    expect(ledgerFigures(stack)).toEqual({
      charges: 3,
      chargeRequests: 5,
      chargedOrderIds: ["ord-tour-1", "ord-tour-2", "ord-tour-3"],
      duplicateCharges: 0,
      reservations: 4,
      releases: 1,
      messages: 3,
      duplicateMessages: 0,
    });
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
    expect(stdout).toContain("Order 5: The client retries the first order (same order id)");
    expect(stdout).toContain("payments       3 charges from 5 charge requests, duplicate charges 0");
    expect(stdout).toContain("notifications  3 messages, sent twice for one order 0");
    expect(stdout).toContain("sockets left open 0");
  });
});
