import { existsSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { BenchProfile } from "./bench-profile.js";
import { listCorpus } from "./internal/corpus.js";
import { type Generator, OPENAPI_TYPESCRIPT, OUTBOUND } from "./internal/generators.js";
import { measureProcess, type ProcessRun } from "./internal/measure-process.js";
import { BENCH_ROOT, BIN, corpusDir, REPO_ROOT, tmpDir } from "./internal/paths.js";
import { median } from "./internal/stats.js";
import { openapiFetchConsumerSource, stripeConsumerSource } from "./internal/stripe-consumer.js";

/** The type-check section of the results. */
export interface TypecheckResults {
  /** Wall time of `tsc --noEmit` on the Outbound consumer with TypeScript 5.9 (the repo's compiler), ms (target < 1500). */
  readonly stripeConsumerMs: number;
  /** The same with TypeScript 7 (native), ms. */
  readonly stripeConsumerTs7Ms: number;
  /** TypeScript 5.9 wall / TypeScript 7 wall. */
  readonly ts7Speedup: number;
  /** Baseline: the same module on bare openapi-fetch + openapi-typescript's types, TypeScript 5.9, ms. */
  readonly openapiFetchConsumerMs: number;
  /** Outbound consumer / openapi-fetch consumer (TypeScript 5.9): what the client surface adds to the types. */
  readonly vsOpenapiFetchConsumer: number;
  /** Peak RSS of each compiler run on the Outbound consumer, bytes. */
  readonly ts59PeakRssBytes: number;
  readonly ts7PeakRssBytes: number;
  /** Compiler versions used. */
  readonly versions: { readonly ts59: string; readonly ts7: string };
  /** Errors outside the consumers and their generated code (workspace sources changing under the bench), if any. */
  readonly notes: readonly string[];
}

/** Runs `generator` on Stripe into its temp folder unless the generation bench already left `file` there. */
async function ensureStripeOutput(generator: Generator, file: string): Promise<string> {
  const dir = tmpDir("generated", "stripe", generator.key);
  if (existsSync(join(dir, file))) return dir;
  const stripe = listCorpus(corpusDir()).find((s) => s.name === "stripe");
  if (stripe === undefined) {
    throw new Error(`The corpus at ${corpusDir()} has no stripe spec; the type-check bench needs it.`);
  }
  const run = await measureProcess(process.execPath, generator.args(stripe.rootFile, "stripe", dir));
  if (run.code !== 0) throw new Error(`${generator.label} failed on stripe:\n${run.output}`);
  return dir;
}

/** Writes a consumer project (consumer.ts + tsconfig.json extending the repo's base config); returns its folder. */
function writeConsumerProject(name: string, source: (importPath: string) => string, target: string): string {
  const dir = tmpDir("typecheck", name);
  const importPath = `./${relative(dir, target).split("\\").join("/")}`;
  writeFileSync(join(dir, "consumer.ts"), source(importPath));
  const base = relative(dir, join(REPO_ROOT, "tsconfig.base.json")).split("\\").join("/");
  const tsconfig = {
    extends: base,
    compilerOptions: { noEmit: true, declaration: false, rootDir: "../.." },
    files: ["consumer.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return dir;
}

/**
 * Errors reported in files of the consumer or of the generated client. Errors elsewhere (workspace sources such as
 * @outbound/resilience, read through the `@outbound/source` condition, which other work may be changing) do not
 * invalidate the timing and are returned separately.
 */
function splitErrors(output: string): { ours: string[]; elsewhere: string[] } {
  const lines = output.split("\n").filter((line) => /error TS\d+/.test(line));
  const ours = lines.filter((line) => line.startsWith(".tmp/"));
  return { ours, elsewhere: lines.filter((line) => !ours.includes(line)) };
}

async function compile(bin: string, project: string, notes: Set<string>): Promise<ProcessRun> {
  const run = await measureProcess(process.execPath, [bin, "-p", join(project, "tsconfig.json"), "--noEmit"], {
    cwd: BENCH_ROOT,
  });
  if (run.code === 0) return run;
  const { ours, elsewhere } = splitErrors(run.output);
  if (ours.length > 0 || elsewhere.length === 0) {
    throw new Error(`${relative(BENCH_ROOT, bin)} found errors in the Stripe consumer:\n${run.output}`);
  }
  for (const line of elsewhere) notes.add(`${relative(BENCH_ROOT, bin)}: ${line.trim()}`);
  return run;
}

async function versionOf(bin: string): Promise<string> {
  const run = await measureProcess(process.execPath, [bin, "--version"]);
  return run.output.trim().replace(/^Version /, "");
}

/**
 * Wall time of `tsc --noEmit` for a small consumer of the generated Stripe client, with TypeScript 5.9 and 7,
 * each run `profile.runs` times after `profile.warmupRuns` (compilers interleaved). No incremental state is kept.
 * @throws Error with the compiler output when the consumer does not type-check (the figure would be meaningless).
 */
export async function runTypecheckBench(profile: BenchProfile, log: (line: string) => void): Promise<TypecheckResults> {
  const client = join(await ensureStripeOutput(OUTBOUND, "client.gen.ts"), "client.gen.js");
  const schema = join(await ensureStripeOutput(OPENAPI_TYPESCRIPT, "schema.ts"), "schema.js");
  const project = writeConsumerProject("outbound", stripeConsumerSource, client);
  const baseline = writeConsumerProject("openapi-fetch", openapiFetchConsumerSource, schema);
  const ts59: ProcessRun[] = [];
  const ts7: ProcessRun[] = [];
  const base: ProcessRun[] = [];
  const notes = new Set<string>();
  for (let round = 0; round < profile.warmupRuns + profile.runs; round++) {
    const a = await compile(BIN.tsc5, project, notes);
    const b = await compile(BIN.tsc7, project, notes);
    const c = await compile(BIN.tsc5, baseline, notes);
    if (round < profile.warmupRuns) continue;
    ts59.push(a);
    ts7.push(b);
    base.push(c);
  }
  const stripeConsumerMs = median(ts59.map((r) => r.wallMs));
  const stripeConsumerTs7Ms = median(ts7.map((r) => r.wallMs));
  const openapiFetchConsumerMs = median(base.map((r) => r.wallMs));
  log(`typecheck: TS 5.9 ${Math.round(stripeConsumerMs)} ms, TS 7 ${Math.round(stripeConsumerTs7Ms)} ms`);
  return {
    stripeConsumerMs,
    stripeConsumerTs7Ms,
    ts7Speedup: stripeConsumerMs / stripeConsumerTs7Ms,
    openapiFetchConsumerMs,
    vsOpenapiFetchConsumer: stripeConsumerMs / openapiFetchConsumerMs,
    ts59PeakRssBytes: median(ts59.map((r) => r.peakRssBytes)),
    ts7PeakRssBytes: median(ts7.map((r) => r.peakRssBytes)),
    versions: { ts59: await versionOf(BIN.tsc5), ts7: await versionOf(BIN.tsc7) },
    notes: [...notes],
  };
}
