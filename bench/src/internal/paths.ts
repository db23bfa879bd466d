import { existsSync, mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Root of the bench package (`bench/` at the repo root). */
export const BENCH_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Root of the monorepo. */
export const REPO_ROOT = resolve(BENCH_ROOT, "..");

/** Binaries installed for the bench package (pinned in its package.json). */
export const BIN = Object.freeze({
  outbound: join(REPO_ROOT, "packages", "codegen", "bin", "outbound.js"),
  openapiTypescript: join(BENCH_ROOT, "node_modules", "openapi-typescript", "bin", "cli.js"),
  heyApi: join(BENCH_ROOT, "node_modules", "@hey-api", "openapi-ts", "bin", "run.js"),
  orval: join(BENCH_ROOT, "node_modules", "orval", "dist", "bin", "orval.js"),
  /** TypeScript 5.9, the compiler the repo uses. */
  tsc5: join(BENCH_ROOT, "node_modules", "typescript", "bin", "tsc"),
  /** TypeScript 7 (native), installed under the alias `typescript7`. */
  tsc7: join(BENCH_ROOT, "node_modules", "typescript7", "bin", "tsc"),
  tsx: join(BENCH_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
});

/**
 * Where the spec corpus is expected: `OUTBOUND_SPECS_CORPUS` (absolute, or relative to the repo root), default
 * `../shared/specs-corpus` relative to the repo root. The folder may be absent (see {@link corpusDir}).
 */
export function corpusPath(): string {
  const configured = process.env.OUTBOUND_SPECS_CORPUS ?? "../shared/specs-corpus";
  return isAbsolute(configured) ? configured : resolve(REPO_ROOT, configured);
}

/**
 * The spec corpus folder ({@link corpusPath}), read in place, never copied.
 * @throws Error naming the folder and the variable to set when it does not exist.
 */
export function corpusDir(): string {
  const dir = corpusPath();
  if (!existsSync(dir)) {
    throw new Error(
      `Spec corpus not found at ${dir}. Set OUTBOUND_SPECS_CORPUS to the specs-corpus folder (absolute, or relative to ${REPO_ROOT}).`,
    );
  }
  return dir;
}

/**
 * Root of the scratch folders: `OUTBOUND_BENCH_TMP` (absolute, or relative to bench/), default `bench/.tmp`
 * (gitignored). It must lie inside bench/: bundled workers and generated clients resolve bench's node_modules from
 * there. Two runs at once need two roots (the smoke test uses its own).
 * @throws Error when it points outside bench/.
 */
export function tmpRoot(): string {
  const root = resolve(BENCH_ROOT, process.env.OUTBOUND_BENCH_TMP ?? ".tmp");
  if (relative(BENCH_ROOT, root).startsWith("..") || root === BENCH_ROOT) {
    throw new Error(
      `OUTBOUND_BENCH_TMP=${root} must be a folder inside ${BENCH_ROOT} (bench's node_modules are resolved from it).`,
    );
  }
  return root;
}

/** A scratch folder under {@link tmpRoot}, created if missing. */
export function tmpDir(...parts: string[]): string {
  const dir = join(tmpRoot(), ...parts);
  mkdirSync(dir, { recursive: true });
  return dir;
}
