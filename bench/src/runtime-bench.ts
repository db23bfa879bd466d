import type { BenchProfile } from "./bench-profile.js";
import type { LoadResult } from "./internal/drive-load.js";
import { RUNTIME_VARIANTS, type RuntimeVariant } from "./internal/runtime-variants.js";
import { runJsonWorker, spawnServer } from "./internal/spawn-node.js";
import { median } from "./internal/stats.js";

/** Concurrent callers of the load runs: every variant is driven by this many callers at once. */
export const CONCURRENCY = 32;

/** Medians of one variant over the measured runs. */
export interface VariantFigures {
  /** Successful calls per second with 32 callers. */
  readonly throughput: number;
  /** Latency of one call with 32 callers, in µs (includes waiting behind the other callers). */
  readonly p50Us: number;
  readonly p99Us: number;
  /** Latency of one call with a single caller (no queueing), in µs; NaN when not run (smoke). */
  readonly serialP50Us: number;
  readonly serialP99Us: number;
}

/** The runtime section of the results. */
export interface RuntimeResults {
  readonly concurrency: number;
  readonly variants: Record<RuntimeVariant, VariantFigures>;
  /** Outbound pipeline throughput / bare openapi-fetch throughput (target >= 1). */
  readonly pipelineVsOpenapiFetch: number;
  /** Outbound pipeline throughput / naive cockatiel wrapping throughput (target > 1). */
  readonly pipelineVsCockatiel: number;
  /** Pipeline with a recording OTel SDK / pipeline with the no-op API (throughput). */
  readonly otelSdkVsNoop: number;
  /**
   * Added latency of the policies per call at p50, in µs: single-caller p50 of the Outbound client minus that of
   * openapi-fetch over the same pooled transport without policies (target < 30).
   */
  readonly overheadP50Us: number;
  /** Added CPU-bound cost per call under load, in µs: 1e6/throughput(pipeline) − 1e6/throughput(transport only). */
  readonly overheadPerCallUnderLoadUs: number;
}

async function runVariant(
  variant: RuntimeVariant,
  url: string,
  concurrency: number,
  warmup: number,
  calls: number,
): Promise<LoadResult> {
  const result = await runJsonWorker<LoadResult>("runtime-worker", [
    variant,
    url,
    String(concurrency),
    String(warmup),
    String(calls),
  ]);
  if (result.failures > 0)
    throw new Error(`runtime variant ${variant}: ${result.failures} of ${result.calls} calls failed`);
  return result;
}

/**
 * Starts the JSON server in its own process, then runs every variant `profile.runs` times with 32 callers and
 * `profile.serialRuns` times with one, each run in a fresh process with its own warm-up calls, variants interleaved
 * within a round.
 */
export async function runRuntimeBench(profile: BenchProfile, log: (line: string) => void): Promise<RuntimeResults> {
  const server = await spawnServer("internal/json-server.ts");
  const load = new Map<RuntimeVariant, LoadResult[]>(RUNTIME_VARIANTS.map((v) => [v, []]));
  const serial = new Map<RuntimeVariant, LoadResult[]>(RUNTIME_VARIANTS.map((v) => [v, []]));
  try {
    const rounds = Math.max(profile.runs, profile.serialRuns);
    for (let round = 0; round < rounds; round++) {
      for (const variant of RUNTIME_VARIANTS) {
        const warmup = profile.loadWarmupCalls;
        if (round < profile.runs)
          load.get(variant)?.push(await runVariant(variant, server.url, CONCURRENCY, warmup, profile.loadCalls));
        if (round < profile.serialRuns && (profile.serialVariants?.includes(variant) ?? true)) {
          serial.get(variant)?.push(await runVariant(variant, server.url, 1, warmup, profile.serialCalls));
        }
      }
      log(`runtime round ${round + 1}/${rounds} done`);
    }
  } finally {
    await server.stop();
  }
  const variants = Object.fromEntries(
    RUNTIME_VARIANTS.map((variant) => {
      const l = load.get(variant) ?? [];
      const s = serial.get(variant) ?? [];
      const figures: VariantFigures = {
        throughput: median(l.map((r) => r.throughput)),
        p50Us: median(l.map((r) => r.p50Us)),
        p99Us: median(l.map((r) => r.p99Us)),
        serialP50Us: median(s.map((r) => r.p50Us)),
        serialP99Us: median(s.map((r) => r.p99Us)),
      };
      return [variant, figures];
    }),
  ) as Record<RuntimeVariant, VariantFigures>;
  const { outboundPipeline: pipeline, openapiFetch, cockatielNaive, openapiFetchTransport: transport } = variants;
  return {
    concurrency: CONCURRENCY,
    variants,
    pipelineVsOpenapiFetch: pipeline.throughput / openapiFetch.throughput,
    pipelineVsCockatiel: pipeline.throughput / cockatielNaive.throughput,
    otelSdkVsNoop: variants.outboundPipelineOtel.throughput / pipeline.throughput,
    overheadP50Us: pipeline.serialP50Us - transport.serialP50Us,
    overheadPerCallUnderLoadUs: 1e6 / pipeline.throughput - 1e6 / transport.throughput,
  };
}
