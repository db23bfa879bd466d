import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BENCH_ROOT, BIN, corpusPath, REPO_ROOT } from "../src/internal/paths.js";
import { RUNTIME_VARIANTS } from "../src/internal/runtime-variants.js";
import { type BenchResults, figureAt, REQUIRED_FIGURES, SIGNED_FIGURES } from "../src/results.js";

const outDir = mkdtempSync(join(tmpdir(), "outbound-bench-smoke-"));
// Its own scratch root (inside bench/, where bench's node_modules resolve), so that a bench run by hand at the same
// time cannot delete the clients this run is type-checking.
mkdirSync(join(BENCH_ROOT, ".tmp"), { recursive: true });
const scratch = mkdtempSync(join(BENCH_ROOT, ".tmp", "smoke-"));
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
});

/** The version the root package.json pins for `typescript` (exact, or an `npm:typescript@x.y.z` alias). */
function rootTypescriptVersion(): string {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  return (manifest.devDependencies?.typescript ?? "").replace(/^npm:typescript@/, "");
}

/**
 * The generation and type-check sections read the specs corpus beside the repo. Without it (outside CI) the smoke
 * run does the runtime and memory sections only, and the tests of the other two report themselves skipped; under
 * CI=true every section runs, so a missing corpus fails.
 */
const CORPUS_SKIP =
  existsSync(corpusPath()) || process.env.CI === "true"
    ? undefined
    : `specs corpus not found at ${corpusPath()} (set OUTBOUND_SPECS_CORPUS)`;
const SECTIONS = CORPUS_SKIP === undefined ? ["generation", "runtime", "typecheck", "memory"] : ["runtime", "memory"];

describe("pnpm bench --smoke", () => {
  // The real CLI, end to end: real generators on the corpus, servers in their own processes, both compilers.
  const out = join(outDir, "smoke.json");
  let run: SpawnSyncReturns<string>;
  beforeAll(() => {
    const only = CORPUS_SKIP === undefined ? [] : ["--only", SECTIONS.join(",")];
    run = spawnSync(
      process.execPath,
      [
        BIN.tsx,
        "--conditions=@outbound/source",
        "src/cli.ts",
        "--smoke",
        ...only,
        "--out",
        out,
        "--note",
        "vitest smoke",
      ],
      { cwd: BENCH_ROOT, encoding: "utf8", timeout: 280_000, env: { ...process.env, OUTBOUND_BENCH_TMP: scratch } },
    );
  }, 300_000);

  it("exits 0 and prints the Markdown table of each section run, then the targets", () => {
    expect(run.status, run.stderr).toBe(0);
    const headings = {
      generation: "## Generation",
      runtime: "## Runtime",
      typecheck: "## Type-checking",
      memory: "## Memory",
    };
    expect([...run.stdout.matchAll(/^## [A-Z][\w-]*/gm)].map((m) => m[0])).toEqual([
      ...SECTIONS.map((section) => headings[section as keyof typeof headings]),
      "## Targets",
    ]);
    expect(readFileSync(out.replace(/\.json$/, ".md"), "utf8")).toBe(
      run.stdout.slice(0, run.stdout.lastIndexOf("\nWrote ")),
    );
  });

  it("writes every required figure as a finite number, positive unless it is a difference", () => {
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    for (const path of REQUIRED_FIGURES.filter((figure) => SECTIONS.includes(figure.split(".")[0] ?? ""))) {
      const value = figureAt(results, path);
      expect(typeof value === "number" && Number.isFinite(value), `${path} = ${String(value)}`).toBe(true);
      if (!SIGNED_FIGURES.has(path)) expect(value as number, path).toBeGreaterThan(0);
    }
    expect(results.meta.profile).toBe("smoke");
    expect(results.meta.notes).toEqual(["vitest smoke"]);
    expect(Object.keys(results.runtime?.variants ?? {})).toEqual([...RUNTIME_VARIANTS]);
    expect(results.targets.map((t) => t.figure)).toEqual(
      [
        "generation.stripe.ratio",
        "runtime.pipelineVsOpenapiFetch",
        "runtime.pipelineVsCockatiel",
        "runtime.overheadP50Us",
        "typecheck.stripeConsumerMs",
        "memory.heapGrowthBytes",
      ].filter((figure) => SECTIONS.includes(figure.split(".")[0] ?? "")),
    );
    expect(Object.keys(results.meta.sections)).toEqual(SECTIONS);
  });

  it("runs every generator on the small spec, Outbound both built and from source, and records how each did", (ctx) => {
    if (CORPUS_SKIP !== undefined) return ctx.skip(CORPUS_SKIP);
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    const museum = results.generation?.specs["redocly-museum"];
    expect(Object.keys(museum?.tools ?? {})).toEqual([
      "outbound",
      "outboundSource",
      "openapiTypescript",
      "heyApi",
      "orval",
    ]);
    for (const key of ["outbound", "outboundSource", "openapiTypescript"] as const) {
      expect(museum?.tools[key]?.status, key).toBe("ok");
    }
    expect(Number.isFinite(museum?.sourceRatio)).toBe(true);
    expect(Object.keys(results.generation?.specs ?? {})).toEqual(["stripe", "redocly-museum"]);
    expect(Object.keys(results.generation?.specs.stripe?.tools ?? {})).toEqual(["outbound", "openapiTypescript"]);
  });

  it("type-checks with the compiler the root package.json pins, next to the other major version", (ctx) => {
    if (CORPUS_SKIP !== undefined) return ctx.skip(CORPUS_SKIP);
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    const typecheck = results.typecheck;
    const repo = typecheck?.compilers[typecheck.repoCompiler];
    expect(repo?.version).toBe(rootTypescriptVersion());
    expect(repo?.source).toBe("package.json devDependencies.typescript");
    expect(typecheck?.stripeConsumerMs).toBe(repo?.stripeConsumerMs);
    expect(Object.keys(typecheck?.compilers ?? {}).sort()).toEqual(["ts5", "ts7"]);
    expect(typecheck?.baseConfigOverrides).toEqual({});
    expect(typecheck?.declarations.status).toBe("ok");
    expect(Number.isFinite(repo?.stripeDeclarationsConsumerMs)).toBe(true);
    expect(Object.keys(results.meta.sections)).toEqual(["generation", "runtime", "typecheck", "memory"]);
  });

  it("drives exactly the calls of the smoke profile through the memory runs, faults included", () => {
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    const total = (outcomes: Record<string, number> | undefined) =>
      Object.values(outcomes ?? {}).reduce((sum, n) => sum + n, 0);
    expect(total(results.memory?.noFaults.outcomes)).toBe(1_000);
    expect(results.memory?.noFaults.outcomes).toEqual({ "status 200": 1_000 });
    expect(total(results.memory?.faultMix.outcomes)).toBe(1_000);
    expect(Object.keys(results.memory?.faultMix.outcomes ?? {}).length).toBeGreaterThan(1);
  });
});
