import type { SpecGeneration } from "./generation-bench.js";
import type { MemoryResults } from "./memory-bench.js";
import type { RuntimeResults } from "./runtime-bench.js";
import type { TypecheckResults } from "./typecheck-bench.js";

/** When one section ran and how busy the machine was meanwhile. */
export interface SectionMeta {
  /** ISO time the section started. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** 1-minute load average when the section started and ended. */
  readonly loadAverageStart: number;
  readonly loadAverageEnd: number;
}

/** Where and how the numbers were taken. */
export interface BenchMeta {
  readonly profile: "full" | "smoke";
  /** ISO time the run started. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly cpuModel: string;
  /** 1-minute load average when the run started and ended (other work on the machine shows here). */
  readonly loadAverageStart: number;
  readonly loadAverageEnd: number;
  /** Median + warm-up settings used. */
  readonly runs: number;
  readonly warmupRuns: number;
  /** Per section that ran: when, how long, how busy the machine was. */
  readonly sections: Partial<Record<"generation" | "runtime" | "typecheck" | "memory", SectionMeta>>;
  /** Notes given with `--note` (e.g. what else ran on the machine). */
  readonly notes: readonly string[];
}

/** The generation section: every spec, plus the Stripe figures that have a target. */
export interface GenerationResults {
  readonly specs: Record<string, SpecGeneration>;
  readonly stripe: {
    /** Outbound (built CLI) wall / openapi-typescript wall on Stripe (target <= 1.25). */
    readonly ratio: number;
    /** Outbound (built CLI) peak RSS / openapi-typescript peak RSS. */
    readonly rssRatio: number;
    readonly outboundWallMs: number;
    readonly openapiTypescriptWallMs: number;
    readonly outboundPeakRssBytes: number;
    readonly openapiTypescriptPeakRssBytes: number;
    /** Outbound from source through tsx (fresh clone, before `turbo build`) / openapi-typescript; NaN if not run. */
    readonly sourceRatio: number;
  };
}

/** One target (a figure and its bound) and whether this run met it. */
export interface TargetCheck {
  readonly figure: string;
  readonly target: string;
  readonly value: number;
  readonly met: boolean;
}

/** The whole of `results/latest.json`. Sections not run (`--only`) are absent. */
export interface BenchResults {
  readonly meta: BenchMeta;
  readonly generation?: GenerationResults;
  readonly runtime?: RuntimeResults;
  readonly typecheck?: TypecheckResults;
  readonly memory?: MemoryResults;
  readonly targets: readonly TargetCheck[];
}

/** The keys (dotted paths) every full results file holds, each a finite number. */
export const REQUIRED_FIGURES: readonly string[] = Object.freeze([
  "generation.stripe.ratio",
  "generation.stripe.outboundWallMs",
  "generation.stripe.openapiTypescriptWallMs",
  "generation.stripe.outboundPeakRssBytes",
  "generation.stripe.openapiTypescriptPeakRssBytes",
  "runtime.pipelineVsOpenapiFetch",
  "runtime.pipelineVsCockatiel",
  "runtime.overheadP50Us",
  "runtime.variants.undiciRequest.throughput",
  "runtime.variants.globalFetch.throughput",
  "runtime.variants.openapiFetch.throughput",
  "runtime.variants.cockatielNaive.throughput",
  "runtime.variants.outboundPipeline.throughput",
  "runtime.variants.outboundPipeline.p50Us",
  "runtime.variants.outboundPipeline.p99Us",
  "runtime.variants.outboundPipelineOtel.throughput",
  "typecheck.stripeConsumerMs",
  "typecheck.openapiFetchConsumerMs",
  "typecheck.compilers.ts5.stripeConsumerMs",
  "typecheck.compilers.ts7.stripeConsumerMs",
  "memory.heapGrowthBytes",
  "memory.noFaults.growthBytes",
  "memory.faultMix.growthBytes",
]);

/** Figures that are differences of two measurements and may legitimately be zero or negative. */
export const SIGNED_FIGURES: ReadonlySet<string> = new Set([
  "runtime.overheadP50Us",
  "memory.heapGrowthBytes",
  "memory.noFaults.growthBytes",
  "memory.faultMix.growthBytes",
]);

/** The value at a dotted path of `results`, or undefined. */
export function figureAt(results: unknown, path: string): unknown {
  let value: unknown = results;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Checks this run against the bound of each target figure below (for the sections that ran). */
export function checkTargets(results: Omit<BenchResults, "targets">): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (figure: string, target: string, value: number | undefined, met: (v: number) => boolean) => {
    if (value !== undefined) checks.push({ figure, target, value, met: Number.isFinite(value) && met(value) });
  };
  add("generation.stripe.ratio", "<= 1.25", results.generation?.stripe.ratio, (v) => v <= 1.25);
  add("runtime.pipelineVsOpenapiFetch", ">= 1.3", results.runtime?.pipelineVsOpenapiFetch, (v) => v >= 1.3);
  add("runtime.pipelineVsCockatiel", "> 1", results.runtime?.pipelineVsCockatiel, (v) => v > 1);
  add("runtime.overheadP50Us", "<= 25 µs", results.runtime?.overheadP50Us, (v) => v <= 25);
  const compiler = results.typecheck?.compilers[results.typecheck.repoCompiler];
  const typecheckTarget = `< 1500 ms (TypeScript ${compiler?.version ?? "?"}, the repo's)`;
  add("typecheck.stripeConsumerMs", typecheckTarget, results.typecheck?.stripeConsumerMs, (v) => v < 1_500);
  add("memory.heapGrowthBytes", "< 5 MB", results.memory?.heapGrowthBytes, (v) => v < 5_000_000);
  return checks;
}

/**
 * `fresh` over `previous` (`--merge`, to redo some sections while working on them): each section `fresh` holds
 * replaces the old one with its `meta.sections` entry, the others are kept with theirs; `--note`s of both are kept,
 * and the targets are checked again. The top-level `meta` says when the merged file was written.
 */
export function mergeResults(previous: BenchResults, fresh: BenchResults): BenchResults {
  const body = {
    generation: fresh.generation ?? previous.generation,
    runtime: fresh.runtime ?? previous.runtime,
    typecheck: fresh.typecheck ?? previous.typecheck,
    memory: fresh.memory ?? previous.memory,
  };
  const merged = {
    meta: {
      ...fresh.meta,
      sections: { ...previous.meta.sections, ...fresh.meta.sections },
      notes: [...previous.meta.notes, ...fresh.meta.notes],
    },
    ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
  } as Omit<BenchResults, "targets">;
  return { ...merged, targets: checkTargets(merged) };
}
