import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { BenchProfile } from "./bench-profile.js";
import { runGenerationBench } from "./generation-bench.js";
import { type MemoryResults, runMemoryBench } from "./memory-bench.js";
import { type BenchResults, checkTargets, type GenerationResults, type SectionMeta } from "./results.js";
import { type RuntimeResults, runRuntimeBench } from "./runtime-bench.js";
import { runTypecheckBench, type TypecheckResults } from "./typecheck-bench.js";

/** The sections of the bench, in the order they run. */
export const SECTIONS = ["generation", "runtime", "typecheck", "memory"] as const;

/** One section of the bench. */
export type Section = (typeof SECTIONS)[number];

/** The figures of each section. */
interface SectionFigures {
  readonly generation: GenerationResults;
  readonly runtime: RuntimeResults;
  readonly typecheck: TypecheckResults;
  readonly memory: MemoryResults;
}

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  readonly profile: BenchProfile;
  /** Sections to run. @default all */
  readonly sections?: readonly Section[];
  /** Free-text notes recorded in `meta.notes` (e.g. what else ran on the machine). */
  readonly notes?: readonly string[];
  /** Progress lines. @default none */
  readonly log?: (line: string) => void;
}

async function generationResults(profile: BenchProfile, log: (line: string) => void): Promise<GenerationResults> {
  const specs = await runGenerationBench(profile, log);
  const stripe = specs.find((s) => s.spec === "stripe");
  const ob = stripe?.tools.outbound;
  const ot = stripe?.tools.openapiTypescript;
  if (ob?.status !== "ok" || ot?.status !== "ok") {
    throw new Error(
      `Stripe did not generate with both Outbound and openapi-typescript: ${JSON.stringify(stripe?.tools ?? "stripe missing from the corpus")}`,
    );
  }
  return {
    specs: Object.fromEntries(specs.map((s) => [s.spec, s])),
    stripe: {
      ratio: ob.wallMs / ot.wallMs,
      rssRatio: ob.peakRssBytes / ot.peakRssBytes,
      outboundWallMs: ob.wallMs,
      openapiTypescriptWallMs: ot.wallMs,
      outboundPeakRssBytes: ob.peakRssBytes,
      openapiTypescriptPeakRssBytes: ot.peakRssBytes,
      sourceRatio: stripe?.sourceRatio ?? Number.NaN,
    },
  };
}

/** Runs `body` and records when it ran, how long it took and how busy the machine was. */
async function timed<T>(body: () => Promise<T>): Promise<{ value: T; meta: SectionMeta }> {
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadavg()[0] ?? Number.NaN;
  const started = performance.now();
  const value = await body();
  const meta = {
    startedAt,
    durationMs: performance.now() - started,
    loadAverageStart,
    loadAverageEnd: loadavg()[0] ?? Number.NaN,
  };
  return { value, meta };
}

/** Runs the selected sections one after another and returns every figure, with the targets checked. */
export async function runBench(options: RunBenchOptions): Promise<BenchResults> {
  const { profile } = options;
  const log = options.log ?? (() => {});
  const selected = new Set(options.sections ?? SECTIONS);
  const runners: { readonly [S in Section]: () => Promise<SectionFigures[S]> } = {
    generation: () => generationResults(profile, log),
    runtime: () => runRuntimeBench(profile, log),
    typecheck: () => runTypecheckBench(profile, log),
    memory: () => runMemoryBench(profile, log),
  };
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadavg()[0] ?? Number.NaN;
  const figures: Partial<SectionFigures> = {};
  const sections: Partial<Record<Section, SectionMeta>> = {};
  const run = async <S extends Section>(section: S) => {
    const { value, meta } = await timed(runners[section]);
    figures[section] = value;
    sections[section] = meta;
    log(`${section}: ${Math.round(meta.durationMs / 1_000)} s`);
  };
  for (const section of SECTIONS) if (selected.has(section)) await run(section);
  const body = {
    meta: {
      profile: profile.name,
      startedAt,
      durationMs: performance.now() - started,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model.trim() ?? "unknown",
      loadAverageStart,
      loadAverageEnd: loadavg()[0] ?? Number.NaN,
      runs: profile.runs,
      warmupRuns: profile.warmupRuns,
      sections,
      notes: [...(options.notes ?? [])],
    },
    ...figures,
  };
  return { ...body, targets: checkTargets(body) };
}
