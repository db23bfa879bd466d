import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { BENCH_ROOT, REPO_ROOT, tmpDir, tmpRoot } from "./paths.js";

/**
 * Options set on top of the repo's tsconfig.base.json in every consumer project, besides `noEmit`: none, the base
 * config as-is (`declaration: true` included: the generated client compiles with it since codegen names the
 * client's type, 7e8b9c1; before, TS7056 forced `declaration: false`). Reported in `typecheck.baseConfigOverrides`.
 */
export const BASE_CONFIG_OVERRIDES: Readonly<Record<string, unknown>> = Object.freeze({});

/** A module specifier or tsconfig path from `dir` to `target`, with forward slashes and a leading `./`. */
export function relativePath(dir: string, target: string): string {
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
