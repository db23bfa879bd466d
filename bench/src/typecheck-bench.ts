import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type { BenchProfile } from "./bench-profile.js";
import { type Compiler, comparedCompilers } from "./internal/compilers.js";
import { BASE_CONFIG_OVERRIDES, splitErrors, writeConsumerProject } from "./internal/consumer-projects.js";
import { listCorpus } from "./internal/corpus.js";
import { type Generator, OPENAPI_TYPESCRIPT, OUTBOUND } from "./internal/generators.js";
import { measureProcess, type ProcessRun } from "./internal/measure-process.js";
import { BENCH_ROOT, corpusDir, REPO_ROOT, tmpDir } from "./internal/paths.js";
import { median } from "./internal/stats.js";
import { openapiFetchConsumerSource, stripeConsumerSource } from "./internal/stripe-consumer.js";
import {
  buildStripeDeclarations,
  declarationsCompilerOptions,
  type StripeDeclarations,
  sourcesRead,
} from "./internal/stripe-declarations.js";

/** The figures of one compiler (medians over the measured runs). */
export interface CompilerFigures {
  readonly version: string;
  /** Where the bench found it: the repo's root package.json, or the bench's own pin. */
  readonly source: string;
  /** `tsc --noEmit` of the Outbound consumer, the client read from its generated source, ms. */
  readonly stripeConsumerMs: number;
  /** Peak RSS of that run, bytes. */
  readonly stripeConsumerPeakRssBytes: number;
  /** Baseline: the same module on bare openapi-fetch + openapi-typescript's types, ms (NaN: not run, smoke). */
  readonly openapiFetchConsumerMs: number;
  /** stripeConsumerMs / openapiFetchConsumerMs: what Outbound's client surface adds to the types. */
  readonly vsOpenapiFetchConsumer: number;
  /** The Outbound consumer reading the client's built declarations, ms; NaN (`null`) when they could not be built. */
  readonly stripeDeclarationsConsumerMs: number;
}

/** The type-check section of the results. */
export interface TypecheckResults {
  /** Key in `compilers` of the compiler the repo uses (from the root package.json), e.g. `ts7`. */
  readonly repoCompiler: string;
  /** `compilers[repoCompiler].stripeConsumerMs`, ms (target < 1500). */
  readonly stripeConsumerMs: number;
  /** `compilers[repoCompiler].openapiFetchConsumerMs`, ms. */
  readonly openapiFetchConsumerMs: number;
  /** `compilers[repoCompiler].vsOpenapiFetchConsumer`. */
  readonly vsOpenapiFetchConsumer: number;
  /** Per compiler (`ts5`, `ts7`): the repo's compiler and the pinned one of the other major version. */
  readonly compilers: Readonly<Record<string, CompilerFigures>>;
  /** The declaration build of the Stripe client with the repo's compiler, or why it failed. */
  readonly declarations:
    | { readonly status: "ok"; readonly buildMs: number }
    | { readonly status: "unavailable"; readonly reason: string };
  /** Options the consumer projects set over tsconfig.base.json besides `noEmit` (empty: the base config as-is). */
  readonly baseConfigOverrides: Readonly<Record<string, unknown>>;
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
  const run = await measureProcess(process.execPath, await generator.args(stripe, dir));
  if (run.code !== 0) throw new Error(`${generator.label} failed on stripe:\n${run.output}`);
  return dir;
}

async function compile(compiler: Compiler, project: string, notes: Set<string>): Promise<ProcessRun> {
  const run = await measureProcess(process.execPath, [compiler.bin, "-p", join(project, "tsconfig.json"), "--noEmit"], {
    cwd: BENCH_ROOT,
  });
  if (run.code === 0) return run;
  const { ours, elsewhere } = splitErrors(run.output);
  if (ours.length > 0 || elsewhere.length === 0) {
    throw new Error(`TypeScript ${compiler.version} found errors in ${relative(BENCH_ROOT, project)}:\n${run.output}`);
  }
  for (const line of elsewhere) notes.add(`TypeScript ${compiler.version}: ${line.trim()}`);
  return run;
}

/** The three consumer projects: the client from source, the baseline, the client from declarations (if built). */
async function writeProjects(repo: Compiler, notes: Set<string>) {
  const clientDir = await ensureStripeOutput(OUTBOUND, "client.gen.ts");
  const schema = join(await ensureStripeOutput(OPENAPI_TYPESCRIPT, "schema.ts"), "schema.js");
  const { declarations, project } = await declarationsMode(repo, clientDir, notes);
  return {
    outbound: writeConsumerProject("outbound", stripeConsumerSource, join(clientDir, "client.gen.js")),
    baseline: writeConsumerProject("openapi-fetch", openapiFetchConsumerSource, schema),
    declarations,
    declarationsConsumer: project,
  };
}

/**
 * Builds the declarations and writes the consumer that reads them, then checks with `--listFiles` that its program
 * reads no TypeScript source of the repo (else the figure would not be what it says).
 */
async function declarationsMode(
  repo: Compiler,
  clientDir: string,
  notes: Set<string>,
): Promise<{ declarations: StripeDeclarations; project?: string }> {
  const declarations = await buildStripeDeclarations(repo, clientDir, notes);
  if (declarations.status !== "ok") return { declarations };
  const dir = tmpDir("typecheck", "outbound-declarations");
  const options = declarationsCompilerOptions(dir, declarations.resilience);
  const project = writeConsumerProject("outbound-declarations", stripeConsumerSource, declarations.client, options);
  const sources = sourcesRead(repo, project);
  if (sources.length === 0) return { declarations, project };
  const reason = `the declarations consumer still reads ${sources.length} source file(s), e.g. ${relative(REPO_ROOT, sources[0] as string)}`;
  return { declarations: { status: "unavailable", reason } };
}

type Runs = ReadonlyMap<string, readonly ProcessRun[]>;

function figuresOf(compiler: Compiler, runs: Runs): CompilerFigures {
  const of = (project: string) => runs.get(`${compiler.key}.${project}`) ?? [];
  const stripeConsumerMs = median(of("outbound").map((r) => r.wallMs));
  const openapiFetchConsumerMs = median(of("baseline").map((r) => r.wallMs));
  const declarations = of("declarationsConsumer");
  return {
    version: compiler.version,
    source: compiler.source,
    stripeConsumerMs,
    stripeConsumerPeakRssBytes: median(of("outbound").map((r) => r.peakRssBytes)),
    openapiFetchConsumerMs,
    vsOpenapiFetchConsumer: stripeConsumerMs / openapiFetchConsumerMs,
    stripeDeclarationsConsumerMs: declarations.length > 0 ? median(declarations.map((r) => r.wallMs)) : Number.NaN,
  };
}

/**
 * Wall time of `tsc --noEmit` for a small consumer of the generated Stripe client with the repo's compiler and the
 * pinned compiler of the other major version, next to the same module on bare openapi-fetch, and (when the client's
 * declarations build) the consumer reading declarations. Each project runs `profile.runs` times after
 * `profile.warmupRuns`, compilers and projects interleaved. No incremental state is kept.
 * @throws Error with the compiler output when a consumer does not type-check (the figure would be meaningless).
 */
export async function runTypecheckBench(profile: BenchProfile, log: (line: string) => void): Promise<TypecheckResults> {
  const { repo, all } = comparedCompilers();
  const notes = new Set<string>();
  const { declarations, ...projects } = await writeProjects(repo, notes);
  if (declarations.status === "unavailable") log(`typecheck: no declarations mode: ${declarations.reason}`);
  const runs = new Map<string, ProcessRun[]>();
  for (let round = 0; round < profile.warmupRuns + profile.runs; round++) {
    for (const compiler of all) {
      for (const [name, project] of Object.entries(projects)) {
        if (project === undefined) continue;
        if (compiler !== repo && name !== "outbound" && !profile.typecheckOtherCompilerFully) continue;
        const run = await compile(compiler, project, notes);
        const key = `${compiler.key}.${name}`;
        if (round >= profile.warmupRuns) runs.set(key, [...(runs.get(key) ?? []), run]);
      }
    }
  }
  const compilers = Object.fromEntries(all.map((c) => [c.key, figuresOf(c, runs)]));
  for (const [key, f] of Object.entries(compilers)) {
    log(
      `typecheck ${key} ${f.version}: Outbound consumer ${Math.round(f.stripeConsumerMs)} ms, openapi-fetch ${Math.round(f.openapiFetchConsumerMs)} ms`,
    );
  }
  const ours = compilers[repo.key] as CompilerFigures;
  return {
    repoCompiler: repo.key,
    stripeConsumerMs: ours.stripeConsumerMs,
    openapiFetchConsumerMs: ours.openapiFetchConsumerMs,
    vsOpenapiFetchConsumer: ours.vsOpenapiFetchConsumer,
    compilers,
    declarations:
      declarations.status === "ok"
        ? { status: "ok", buildMs: declarations.buildMs }
        : { status: "unavailable", reason: declarations.reason },
    baseConfigOverrides: BASE_CONFIG_OVERRIDES,
    notes: [...notes],
  };
}
