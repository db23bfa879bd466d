import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import type { Compiler } from "./compilers.js";
import { relativePath, splitErrors } from "./consumer-projects.js";
import { measureProcess, type ProcessRun } from "./measure-process.js";
import { BENCH_ROOT, REPO_ROOT, tmpDir } from "./paths.js";

/** The generated Stripe client and @outbound/resilience as declarations, or why they could not be built. */
export type StripeDeclarations =
  | {
      readonly status: "ok";
      /** Wall time of the two declaration builds (client, @outbound/resilience), ms. */
      readonly buildMs: number;
      /** client.gen.d.ts, as the module specifier a consumer imports (client.gen.js). */
      readonly client: string;
      /** @outbound/resilience's index.d.ts. */
      readonly resilience: string;
    }
  | { readonly status: "unavailable"; readonly reason: string };

type Build = { readonly ok: true; readonly wallMs: number } | { readonly ok: false; readonly reason: string };

/** Runs one declaration build; errors under the scratch root fail it, errors elsewhere go to `notes`. */
async function runBuild(compiler: Compiler, args: string[], what: string, notes: Set<string>): Promise<Build> {
  const run = await measureProcess(process.execPath, [compiler.bin, ...args], { cwd: BENCH_ROOT });
  const { ours, elsewhere } = splitErrors(run.output);
  if (run.code !== 0 && (ours.length > 0 || elsewhere.length === 0)) {
    return { ok: false, reason: `${what}: ${firstErrors(ours, run)}` };
  }
  for (const line of elsewhere) notes.add(`TypeScript ${compiler.version} (${what}): ${line.trim()}`);
  return { ok: true, wallMs: run.wallMs };
}

function firstErrors(errors: readonly string[], run: ProcessRun): string {
  const shown = errors.slice(0, 2).map((line) => line.trim().slice(0, 300));
  return `${errors.length} error(s): ${shown.join(" / ") || run.output.slice(0, 300)}`;
}

/** tsconfig.json of the client's declaration build: the base config, declarations only, the repo tree mirrored. */
function writeClientBuild(dir: string, clientDir: string): string {
  const tsconfig = {
    extends: relativePath(dir, join(REPO_ROOT, "tsconfig.base.json")),
    compilerOptions: {
      noEmit: false,
      emitDeclarationOnly: true,
      sourceMap: false,
      rootDir: relativePath(dir, REPO_ROOT),
      outDir: "client",
    },
    files: [relativePath(dir, join(clientDir, "client.gen.ts"))],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return join(dir, "tsconfig.json");
}

/**
 * Builds declarations with `compiler` and the repo's base config (`declaration: true`), as a package build or
 * `tsc -b` does: of the generated Stripe client in `clientDir` (`emitDeclarationOnly`; the output mirrors the repo
 * tree under `.tmp/typecheck/declarations/client/`), and of @outbound/resilience with its own tsconfig.build.json
 * (into `declarations/resilience/`; the client build leaves it out, since it reaches it through node_modules).
 * Errors in the client (such as TS7056, a type too long to serialise) or a missing output make the mode
 * unavailable, with the reason; errors elsewhere are added to `notes`.
 */
export async function buildStripeDeclarations(
  compiler: Compiler,
  clientDir: string,
  notes: Set<string>,
): Promise<StripeDeclarations> {
  const dir = tmpDir("typecheck", "declarations");
  rmSync(join(dir, "client"), { recursive: true, force: true });
  rmSync(join(dir, "resilience"), { recursive: true, force: true });
  const client = await runBuild(compiler, ["-p", writeClientBuild(dir, clientDir)], "client declarations", notes);
  if (!client.ok) return { status: "unavailable", reason: client.reason };
  const resilienceConfig = join(REPO_ROOT, "packages", "resilience", "tsconfig.build.json");
  const resilienceArgs = ["-p", resilienceConfig, "--emitDeclarationOnly", "--sourceMap", "false"];
  const outDir = join(dir, "resilience");
  const resilience = await runBuild(
    compiler,
    [...resilienceArgs, "--outDir", outDir],
    "resilience declarations",
    notes,
  );
  if (!resilience.ok) return { status: "unavailable", reason: resilience.reason };
  const clientDts = join(dir, "client", relative(REPO_ROOT, clientDir), "client.gen.d.ts");
  const resilienceDts = join(outDir, "index.d.ts");
  const missing = [clientDts, resilienceDts].filter((file) => !existsSync(file));
  if (missing.length > 0) return { status: "unavailable", reason: `not emitted: ${missing.join(", ")}` };
  return {
    status: "ok",
    buildMs: client.wallMs + resilience.wallMs,
    client: clientDts.replace(/\.d\.ts$/, ".js"),
    resilience: resilienceDts,
  };
}

/**
 * compilerOptions of a consumer in `dir` that sees the client and @outbound/resilience as a published package
 * does: both doors of @outbound/resilience (`index.d.ts`, and `generated.d.ts` beside it, which generated code
 * imports) mapped to their declarations, and no `@outbound/source` condition.
 */
export function declarationsCompilerOptions(dir: string, resilience: string): Record<string, unknown> {
  const generated = join(dirname(resilience), "generated.d.ts");
  return {
    customConditions: [],
    paths: {
      "@outbound/resilience": [relativePath(dir, resilience)],
      "@outbound/resilience/generated": [relativePath(dir, generated)],
    },
  };
}

/**
 * The TypeScript sources (not declarations) under the repo's packages/ or the generated clients that `project`'s
 * program reads, from one `--listFiles` run: none, for a consumer that reads declarations only.
 */
export function sourcesRead(compiler: Compiler, project: string): string[] {
  const args = [compiler.bin, "-p", join(project, "tsconfig.json"), "--noEmit", "--listFiles"];
  const run = spawnSync(process.execPath, args, { cwd: BENCH_ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return run.stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts") && !file.includes("/node_modules/"))
    .filter((file) => !file.endsWith("consumer.ts"));
}
