import { rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Compiler } from "./compilers.js";
import { measureProcess, type ProcessRun } from "./measure-process.js";
import { BENCH_ROOT, REPO_ROOT, tmpDir, tmpRoot } from "./paths.js";

/**
 * Options set on top of the repo's tsconfig.base.json in every consumer project, besides `noEmit`: none, the base
 * config as-is (`declaration: true` included: the generated client compiles with it since codegen names the
 * client's type, 7e8b9c1; before, TS7056 forced `declaration: false`). Reported in `typecheck.baseConfigOverrides`.
 */
export const BASE_CONFIG_OVERRIDES: Readonly<Record<string, unknown>> = Object.freeze({});

/** A module specifier or tsconfig path from `dir` to `target`, with forward slashes and a leading `./`. */
function relativePath(dir: string, target: string): string {
  const path = relative(dir, target).split("\\").join("/");
  return path.startsWith(".") ? path : `./${path}`;
}

/**
 * Writes `.tmp/typecheck/<name>/` with consumer.ts (`source` given the import path of `target`) and a tsconfig.json
 * extending the repo's base config; returns the folder.
 */
export function writeConsumerProject(
  name: string,
  source: (importPath: string) => string,
  target: string,
  compilerOptions: Readonly<Record<string, unknown>> = {},
): string {
  const dir = tmpDir("typecheck", name);
  writeFileSync(join(dir, "consumer.ts"), source(relativePath(dir, target)));
  const tsconfig = {
    extends: relativePath(dir, join(REPO_ROOT, "tsconfig.base.json")),
    compilerOptions: { noEmit: true, ...BASE_CONFIG_OVERRIDES, ...compilerOptions },
    files: ["consumer.ts"],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return dir;
}

/** The generated Stripe client as declarations, or why it could not be emitted. */
export type StripeDeclarations =
  | {
      readonly status: "ok";
      /** Wall time of the one declaration build, ms. */
      readonly buildMs: number;
      /** client.gen.d.ts (imported as client.gen.js) and @outbound/resilience's index.d.ts. */
      readonly client: string;
      readonly resilience: string;
    }
  | { readonly status: "unavailable"; readonly reason: string };

/**
 * Emits declarations of the generated Stripe client (in `clientDir`) and of @outbound/resilience's source, which
 * the client imports, with `compiler` and the repo's base config (`declaration: true`, `emitDeclarationOnly`), as
 * `tsc -b` or a package build does. The output mirrors the repo tree under `.tmp/typecheck/declarations/dts/`.
 * Errors in the client (such as TS7056, a type too long to serialise) make the mode unavailable, with the reason;
 * errors elsewhere are added to `notes` (see {@link splitErrors}).
 */
export async function buildStripeDeclarations(
  compiler: Compiler,
  clientDir: string,
  notes: Set<string>,
): Promise<StripeDeclarations> {
  const dir = tmpDir("typecheck", "declarations");
  const outDir = join(dir, "dts");
  rmSync(outDir, { recursive: true, force: true });
  const tsconfig = {
    extends: relativePath(dir, join(REPO_ROOT, "tsconfig.base.json")),
    compilerOptions: {
      noEmit: false,
      emitDeclarationOnly: true,
      sourceMap: false,
      rootDir: relativePath(dir, REPO_ROOT),
      outDir: "dts",
    },
    files: [relativePath(dir, join(clientDir, "client.gen.ts"))],
  };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify(tsconfig, null, 2)}\n`);
  const run = await measureProcess(process.execPath, [compiler.bin, "-p", join(dir, "tsconfig.json")], {
    cwd: BENCH_ROOT,
  });
  const { ours, elsewhere } = splitErrors(run.output);
  if (run.code !== 0 && (ours.length > 0 || elsewhere.length === 0)) {
    return { status: "unavailable", reason: firstErrors(ours, run) };
  }
  for (const line of elsewhere) notes.add(`TypeScript ${compiler.version} (declaration build): ${line.trim()}`);
  const mirror = (path: string) => join(outDir, relative(REPO_ROOT, path));
  return {
    status: "ok",
    buildMs: run.wallMs,
    client: mirror(join(clientDir, "client.gen.js")),
    resilience: mirror(join(REPO_ROOT, "packages", "resilience", "src", "index.d.ts")),
  };
}

function firstErrors(errors: readonly string[], run: ProcessRun): string {
  const shown = errors.slice(0, 2).map((line) => line.trim().slice(0, 300));
  return `${errors.length} error(s) in the declaration build: ${shown.join(" / ") || run.output.slice(0, 300)}`;
}

/**
 * The `error TS…` lines of a compiler's output, split into those in files under the scratch root (the consumers
 * and the generated code: they invalidate a timing) and those elsewhere (workspace sources such as
 * @outbound/resilience, read through the `@outbound/source` condition, which other work may be changing).
 */
export function splitErrors(output: string): { ours: string[]; elsewhere: string[] } {
  const scratch = `${relative(BENCH_ROOT, tmpRoot()).split("\\").join("/")}/`;
  const lines = output.split("\n").filter((line) => /error TS\d+/.test(line));
  const ours = lines.filter((line) => line.startsWith(scratch));
  return { ours, elsewhere: lines.filter((line) => !ours.includes(line)) };
}

/** compilerOptions of a consumer that reads @outbound/resilience from `declarations` rather than its source. */
export function declarationsCompilerOptions(dir: string, resilience: string): Record<string, unknown> {
  return { paths: { "@outbound/resilience": [relativePath(dir, resilience)] } };
}
