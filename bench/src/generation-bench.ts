import { rmSync } from "node:fs";
import type { BenchProfile } from "./bench-profile.js";
import { type CorpusSpec, listCorpus } from "./internal/corpus.js";
import { failureReason } from "./internal/failure-reason.js";
import { GENERATORS, type Generator, type GeneratorKey } from "./internal/generators.js";
import { measureProcess } from "./internal/measure-process.js";
import { corpusDir, tmpDir } from "./internal/paths.js";
import { median } from "./internal/stats.js";

/** One generator on one spec: medians over the measured runs, or why it did not generate. */
export type GeneratorResult =
  | { readonly status: "ok"; readonly wallMs: number; readonly peakRssBytes: number; readonly runs: number }
  | { readonly status: "rejected"; readonly reason: string };

/** Results of one spec: per generator, and Outbound's wall time over openapi-typescript's. */
export interface SpecGeneration {
  readonly spec: string;
  /** The generators run on this spec (the profile leaves some out on some specs). */
  readonly tools: Partial<Record<GeneratorKey, GeneratorResult>>;
  /** Outbound (built) wall / openapi-typescript wall (NaN, `null` in JSON, when either did not generate). */
  readonly ratio: number;
  /** Outbound (built) peak RSS / openapi-typescript peak RSS. */
  readonly rssRatio: number;
  /** Outbound from source through tsx, wall / openapi-typescript wall (NaN when not run). */
  readonly sourceRatio: number;
}

function outDirOf(spec: string, generator: Generator): string {
  const dir = tmpDir("generated", spec, generator.key);
  rmSync(dir, { recursive: true, force: true });
  return tmpDir("generated", spec, generator.key);
}

async function runOnce(spec: CorpusSpec, generator: Generator) {
  const out = outDirOf(spec.name, generator);
  return measureProcess(process.execPath, await generator.args(spec, out), { cwd: out });
}

/** Outbound (built) and openapi-typescript run on every spec; the others where the profile says. */
function generatorsFor(spec: string, profile: BenchProfile): Generator[] {
  const on = (list: readonly string[] | undefined) => list?.includes(spec) ?? true;
  return GENERATORS.filter((g) => {
    if (g.key === "outboundSource") return on(profile.sourceCliSpecs);
    if (g.key === "heyApi" || g.key === "orval") return on(profile.thirdPartySpecs);
    return true;
  });
}

function ratioOf(a: GeneratorResult | undefined, b: GeneratorResult | undefined, key: "wallMs" | "peakRssBytes") {
  return a?.status === "ok" && b?.status === "ok" ? a[key] / b[key] : Number.NaN;
}

/**
 * Generates every selected spec with every generator, round by round (one warm-up round, then `profile.runs`
 * measured rounds, generators interleaved inside a round so that noise hits them alike). A generator that fails
 * on a spec in its first run is recorded as `rejected` with its message and not run again on that spec.
 */
export async function runGenerationBench(
  profile: BenchProfile,
  log: (line: string) => void,
): Promise<SpecGeneration[]> {
  const all = listCorpus(corpusDir());
  const specs = all.filter((s) => profile.generationSpecs?.includes(s.name) ?? true);
  const results: SpecGeneration[] = [];
  for (const spec of specs) {
    const generators = generatorsFor(spec.name, profile);
    const samples = new Map<GeneratorKey, { wall: number[]; rss: number[] }>();
    const rejected = new Map<GeneratorKey, string>();
    const rounds = Math.max(1, profile.warmupRuns + profile.runs);
    for (let round = 0; round < rounds; round++) {
      const measured = round >= rounds - profile.runs;
      for (const generator of generators) {
        if (rejected.has(generator.key)) continue;
        const run = await runOnce(spec, generator);
        if (run.code !== 0) {
          rejected.set(generator.key, failureReason(run.output, run.code));
          continue;
        }
        if (!measured) continue;
        const entry = samples.get(generator.key) ?? { wall: [], rss: [] };
        entry.wall.push(run.wallMs);
        entry.rss.push(run.peakRssBytes);
        samples.set(generator.key, entry);
      }
    }
    const tools: Partial<Record<GeneratorKey, GeneratorResult>> = {};
    for (const generator of generators) {
      const entry = samples.get(generator.key);
      const reason = rejected.get(generator.key);
      tools[generator.key] =
        reason !== undefined || entry === undefined
          ? { status: "rejected", reason: reason ?? "no measured run" }
          : { status: "ok", wallMs: median(entry.wall), peakRssBytes: median(entry.rss), runs: entry.wall.length };
    }
    const result: SpecGeneration = {
      spec: spec.name,
      tools,
      ratio: ratioOf(tools.outbound, tools.openapiTypescript, "wallMs"),
      rssRatio: ratioOf(tools.outbound, tools.openapiTypescript, "peakRssBytes"),
      sourceRatio: ratioOf(tools.outboundSource, tools.openapiTypescript, "wallMs"),
    };
    log(`generation ${spec.name}: ${describe(result)}`);
    results.push(result);
  }
  return results;
}

function describe(result: SpecGeneration): string {
  return Object.entries(result.tools)
    .map(([key, r]) => `${key} ${r.status === "ok" ? `${Math.round(r.wallMs)} ms` : "rejected"}`)
    .join(", ");
}
