import { describe, expect, it } from "vitest";
import { createOrderGenerator } from "../src/internal/demo/order-generator.js";
import { PHASES, phaseSeed, schedulePhases } from "../src/internal/demo/phases.js";

const scheduleOf = (seed: number) =>
  schedulePhases(45_000).map((phase) => ({
    name: phase.name,
    startMs: phase.startMs,
    endMs: phase.endMs,
    faults: phase.faults(phaseSeed(seed, phase.index)),
  }));

describe("the fault schedule", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(scheduleOf(42)).toEqual(scheduleOf(42));
    expect(scheduleOf(42)).not.toEqual(scheduleOf(43));
  });

  it("covers the run with contiguous phases: healthy, three payments failures, recovery, notifications reset", () => {
    const phases = schedulePhases(45_000);
    expect(phases.map((p) => p.name)).toEqual([
      "healthy",
      "payments-503",
      "payments-hang",
      "payments-down",
      "recovery",
      "notifications-reset",
    ]);
    expect(phases.map((p) => [p.startMs, p.endMs])).toEqual([
      [0, 6_300],
      [6_300, 13_950],
      [13_950, 21_600],
      [21_600, 29_250],
      [29_250, 36_900],
      [36_900, 45_000],
    ]);
    expect(PHASES.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 10);
  });

  it("gives every phase seed a non-negative 32-bit value, distinct per phase", () => {
    const seeds = PHASES.map((_, i) => phaseSeed(-5, i));
    expect(new Set(seeds).size).toBe(PHASES.length);
    for (const seed of seeds) expect(seed >>> 0).toBe(seed);
  });
});

describe("the order generator", () => {
  it("produces the same orders for the same seed, with valid SKUs and amounts", () => {
    const take = (seed: number) => {
      const generator = createOrderGenerator(seed);
      return Array.from({ length: 50 }, () => generator.next());
    };
    const orders = take(9);
    expect(take(9)).toEqual(orders);
    expect(take(10)).not.toEqual(orders);
    expect(orders[0]?.orderId).toBe("ord-9-00001");
    for (const order of orders) {
      expect(order.items.length).toBeGreaterThanOrEqual(1);
      expect(new Set(order.items.map((i) => i.sku)).size).toBe(order.items.length);
      for (const item of order.items) expect(item.sku).toMatch(/^SKU-10(0[1-9]|1[0-2])$/);
      expect(order.amount).toBeGreaterThanOrEqual(500);
      expect(order.amount).toBeLessThanOrEqual(25_000);
    }
  });
});
