import { describe, expect, it } from "vitest";
import type { Fault } from "../fault-plan.js";
import { createPlanCursor, mulberry32 } from "./plan-cursor.js";

const s = (status: number): Fault => ({ kind: "respond", status });
const kinds = (faults: Fault[]) => faults.map((f) => (f.kind === "respond" ? f.status : f.kind));

describe("mulberry32", () => {
  it("gives the same sequence for the same seed, values in [0, 1)", () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(124)()).not.toBe(first[0]);
  });
});

describe("createPlanCursor", () => {
  const now = () => 0;

  it("script: times, then, loop, countBy", () => {
    const script = createPlanCursor(
      { mode: "script", steps: [{ times: 2, fault: s(503) }, s(429)], after: s(500) },
      now,
    );
    expect(kinds(Array.from({ length: 5 }, () => script.next(undefined)))).toEqual([503, 503, 429, 500, 500]);
    const loop = createPlanCursor({ mode: "script", steps: [s(503), { kind: "pass" }], loop: true }, now);
    expect(kinds(Array.from({ length: 5 }, () => loop.next(undefined)))).toEqual([503, "pass", 503, "pass", 503]);
    const perKey = createPlanCursor({ mode: "script", steps: [s(503)], countBy: "idempotency-key" }, now);
    expect(kinds(["a", "a", "b", undefined, undefined].map((k) => perKey.next(k)))).toEqual([
      503,
      "pass",
      503,
      503,
      "pass",
    ]);
  });

  it("random: weights shape the mix (10 000 draws within 3 points of 70/20/10)", () => {
    const cursor = createPlanCursor(
      {
        mode: "random",
        seed: 2026,
        mix: [
          { weight: 7, fault: { kind: "pass" } },
          { weight: 2, fault: s(503) },
          { weight: 1, fault: { kind: "reset" } },
        ],
      },
      now,
    );
    const counts = new Map<unknown, number>();
    for (let i = 0; i < 10_000; i++) {
      const kind = kinds([cursor.next(undefined)])[0];
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
    }
    expect(Math.abs((counts.get("pass") ?? 0) - 7000)).toBeLessThan(300);
    expect(Math.abs((counts.get(503) ?? 0) - 2000)).toBeLessThan(300);
    expect(Math.abs((counts.get("reset") ?? 0) - 1000)).toBeLessThan(300);
  });

  it("timeline: the phase whose untilMs lies ahead, then the open-ended one", () => {
    let t = 1000;
    const cursor = createPlanCursor(
      {
        mode: "timeline",
        phases: [{ untilMs: 100, fault: s(503) }, { untilMs: 250, fault: s(429) }, { fault: { kind: "pass" } }],
      },
      () => t,
    );
    const at = (ms: number) => {
      t = 1000 + ms;
      return kinds([cursor.next(undefined)])[0];
    };
    expect([at(0), at(99), at(100), at(249), at(250), at(10_000)]).toEqual([503, 503, 429, 429, "pass", "pass"]);
  });
});
