import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import type { BenchProfile } from "./bench-profile.js";
import { runGenerationBench } from "./generation-bench.js";
import { runMemoryBench } from "./memory-bench.js";
import { type BenchResults, checkTargets, type GenerationResults } from "./results.js";
import { runRuntimeBench } from "./runtime-bench.js";
import { runTypecheckBench } from "./typecheck-bench.js";

/** The sections of the bench, in the order they run. */
export const SECTIONS = ["generation", "runtime", "typecheck", "memory"] as const;

/** One section of the bench. */
export type Section = (typeof SECTIONS)[number];

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
    },
  };
}

/** Runs the selected sections one after another and returns every figure, with the targets checked. */
export async function runBench(options: RunBenchOptions): Promise<BenchResults> {
  const { profile } = options;
  const log = options.log ?? (() => {});
  const sections = new Set(options.sections ?? SECTIONS);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadAverageStart = loadavg()[0] ?? Number.NaN;
  const generation = sections.has("generation") ? await generationResults(profile, log) : undefined;
  const runtime = sections.has("runtime") ? await runRuntimeBench(profile, log) : undefined;
  const typecheck = sections.has("typecheck") ? await runTypecheckBench(profile, log) : undefined;
  const memory = sections.has("memory") ? await runMemoryBench(profile, log) : undefined;
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
      notes: [...(options.notes ?? [])],
    },
    ...(generation === undefined ? {} : { generation }),
    ...(runtime === undefined ? {} : { runtime }),
    ...(typecheck === undefined ? {} : { typecheck }),
    ...(memory === undefined ? {} : { memory }),
  };
  return { ...body, targets: checkTargets(body) };
}
