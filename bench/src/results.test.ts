import { describe, expect, it } from "vitest";
import { type BenchResults, checkTargets, figureAt, mergeResults } from "./results.js";

const meta = (startedAt: string, notes: string[]): BenchResults["meta"] => ({
  profile: "full",
  startedAt,
  durationMs: 1,
  node: "20.20.2",
  platform: "linux-x64",
  cpus: 2,
  cpuModel: "cpu",
  loadAverageStart: 1.5,
  loadAverageEnd: 2.25,
  runs: 3,
  warmupRuns: 1,
  notes,
});

const memory = (growth: number) => ({
  baselineCalls: 1_000,
  calls: 100_000,
  noFaults: { heapAtBaselineBytes: 1, heapAtEndBytes: 1 + growth, growthBytes: growth, outcomes: {} },
  faultMix: { heapAtBaselineBytes: 1, heapAtEndBytes: 1, growthBytes: 0, outcomes: {} },
  heapGrowthBytes: growth,
});

describe("checkTargets", () => {
  it("checks only the sections present, with the thresholds of issue 7", () => {
    expect(checkTargets({ meta: meta("a", []), memory: memory(4_999_999) })).toEqual([
      { figure: "memory.heapGrowthBytes", target: "< 5 MB", value: 4_999_999, met: true },
    ]);
    expect(checkTargets({ meta: meta("a", []), memory: memory(5_000_000) })[0]?.met).toBe(false);
  });

  it("never counts a non-finite figure as met", () => {
    expect(checkTargets({ meta: meta("a", []), memory: memory(Number.NaN) })[0]?.met).toBe(false);
  });
});

describe("mergeResults", () => {
  it("replaces the re-run sections, keeps the others and both runs' notes, and re-checks the targets", () => {
    const previous = { ...checkedRun("2026-01-01T00:00:00Z", ["first"], 9_000_000) };
    const fresh = checkedRun("2026-01-02T00:00:00Z", ["second"], 100);
    const merged = mergeResults({ ...previous, typecheck: typecheck() }, fresh);
    expect(figureAt(merged, "memory.heapGrowthBytes")).toBe(100);
    expect(figureAt(merged, "typecheck.stripeConsumerMs")).toBe(1_234);
    expect(merged.meta.startedAt).toBe("2026-01-01T00:00:00Z");
    expect(merged.meta.notes).toEqual([
      "first",
      "second",
      "Sections memory re-run at 2026-01-02T00:00:00Z (load average 1.50 → 2.25); the others are from 2026-01-01T00:00:00Z.",
    ]);
    expect(merged.targets.map((t) => [t.figure, t.met])).toEqual([
      ["typecheck.stripeConsumerMs", true],
      ["memory.heapGrowthBytes", true],
    ]);
  });
});

function checkedRun(startedAt: string, notes: string[], growth: number): BenchResults {
  const body = { meta: meta(startedAt, notes), memory: memory(growth) };
  return { ...body, targets: checkTargets(body) };
}

function typecheck(): NonNullable<BenchResults["typecheck"]> {
  return {
    stripeConsumerMs: 1_234,
    stripeConsumerTs7Ms: 300,
    ts7Speedup: 1_234 / 300,
    openapiFetchConsumerMs: 1_000,
    vsOpenapiFetchConsumer: 1.234,
    ts59PeakRssBytes: 1,
    ts7PeakRssBytes: 1,
    versions: { ts59: "5.9.3", ts7: "7.0.2" },
    notes: [],
  };
}
