import { describe, expect, it } from "vitest";
import { type BenchResults, checkTargets, figureAt, mergeResults } from "./results.js";

const section = (startedAt: string) => ({ startedAt, durationMs: 5, loadAverageStart: 1.5, loadAverageEnd: 2.25 });

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
  sections: { memory: section(startedAt) },
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
  it("checks only the sections present; heap growth must stay under 5 000 000 bytes", () => {
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
  it("replaces the re-run sections with their run times, keeps the others with theirs, and re-checks the targets", () => {
    const previous = checkedRun("2026-01-01T00:00:00Z", ["first"], 9_000_000);
    const withTypecheck: BenchResults = {
      ...previous,
      meta: { ...previous.meta, sections: { ...previous.meta.sections, typecheck: section("2026-01-01T00:10:00Z") } },
      typecheck: typecheck(),
    };
    const merged = mergeResults(withTypecheck, checkedRun("2026-01-02T00:00:00Z", ["second"], 100));
    expect(figureAt(merged, "memory.heapGrowthBytes")).toBe(100);
    expect(figureAt(merged, "typecheck.stripeConsumerMs")).toBe(1_234);
    expect(merged.meta.startedAt).toBe("2026-01-02T00:00:00Z");
    expect(merged.meta.sections).toEqual({
      memory: section("2026-01-02T00:00:00Z"),
      typecheck: section("2026-01-01T00:10:00Z"),
    });
    expect(merged.meta.notes).toEqual(["first", "second"]);
    expect(merged.targets).toEqual([
      {
        figure: "typecheck.stripeConsumerMs",
        target: "< 1500 ms (TypeScript 7.0.2, the repo's)",
        value: 1_234,
        met: true,
      },
      { figure: "memory.heapGrowthBytes", target: "< 5 MB", value: 100, met: true },
    ]);
  });
});

function checkedRun(startedAt: string, notes: string[], growth: number): BenchResults {
  const body = { meta: meta(startedAt, notes), memory: memory(growth) };
  return { ...body, targets: checkTargets(body) };
}

function typecheck(): NonNullable<BenchResults["typecheck"]> {
  const figures = (version: string, stripeConsumerMs: number) => ({
    version,
    source: "test",
    stripeConsumerMs,
    stripeConsumerPeakRssBytes: 1,
    openapiFetchConsumerMs: 1_000,
    vsOpenapiFetchConsumer: stripeConsumerMs / 1_000,
    stripeDeclarationsConsumerMs: Number.NaN,
  });
  return {
    repoCompiler: "ts7",
    stripeConsumerMs: 1_234,
    openapiFetchConsumerMs: 1_000,
    vsOpenapiFetchConsumer: 1.234,
    compilers: { ts5: figures("5.9.3", 5_000), ts7: figures("7.0.2", 1_234) },
    declarations: { status: "unavailable", reason: "test" },
    baseConfigOverrides: {},
    notes: [],
  };
}
