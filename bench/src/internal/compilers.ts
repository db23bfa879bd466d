import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BENCH_ROOT, REPO_ROOT } from "./paths.js";

/** A TypeScript compiler the type-check bench runs (`node <bin> -p … --noEmit`). */
export interface Compiler {
  /** `ts<major>`: the key of its figures in `typecheck.compilers`. */
  readonly key: string;
  /** Its package.json `version`, e.g. `7.0.2`. */
  readonly version: string;
  /** Absolute path of its `tsc` (or `tsgo`) script. */
  readonly bin: string;
  /** Where it comes from: `package.json devDependencies.typescript` for the repo's, the bench's alias otherwise. */
  readonly source: string;
}

interface Manifest {
  readonly name?: string;
  readonly version?: string;
  readonly bin?: string | Record<string, string>;
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

const COMPILER_BINS = ["tsc", "tsgo"];

function readManifest(file: string): Manifest {
  return JSON.parse(readFileSync(file, "utf8")) as Manifest;
}

/** The compiler installed at `packageDir`, if its package.json declares a `tsc`/`tsgo` bin. */
function compilerAt(packageDir: string, source: string): Compiler | undefined {
  const file = join(packageDir, "package.json");
  if (!existsSync(file)) return undefined;
  const manifest = readManifest(file);
  const bins = typeof manifest.bin === "string" ? { [manifest.name ?? ""]: manifest.bin } : (manifest.bin ?? {});
  const name = COMPILER_BINS.find((b) => bins[b] !== undefined);
  if (name === undefined || manifest.version === undefined) return undefined;
  const major = manifest.version.split(".")[0] ?? "";
  return { key: `ts${major}`, version: manifest.version, bin: join(packageDir, bins[name] as string), source };
}

/**
 * The compiler the repo type-checks with: the dependency of the root package.json (dependencies or
 * devDependencies) that provides a `tsc` or `tsgo` bin, as installed in the root node_modules. When several do,
 * the one named `typescript` (the package `tsc` conventionally comes from).
 * @param root the repo root. @default REPO_ROOT
 * @throws Error naming package.json when none or several without a `typescript` one are found.
 */
export function findRepoCompiler(root: string = REPO_ROOT): Compiler {
  const manifest = readManifest(join(root, "package.json"));
  const found: { name: string; compiler: Compiler }[] = [];
  for (const field of ["dependencies", "devDependencies"] as const) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      const compiler = compilerAt(join(root, "node_modules", name), `package.json ${field}.${name}`);
      if (compiler !== undefined) found.push({ name, compiler });
    }
  }
  const chosen = found.length === 1 ? found[0] : found.find((f) => f.name === "typescript");
  if (chosen === undefined) {
    throw new Error(
      found.length === 0
        ? `${join(root, "package.json")}: no installed dependency provides a tsc/tsgo bin; run the install, or declare the repo's TypeScript there.`
        : `${join(root, "package.json")}: several compilers (${found.map((f) => f.name).join(", ")}) and none named typescript; the bench cannot tell which one the repo uses.`,
    );
  }
  return chosen.compiler;
}

/** The compilers the bench pins for comparison: TypeScript 5.9 (`typescript`) and 7 (alias `typescript7`). */
function pinnedCompilers(): Compiler[] {
  return [
    ["typescript", "bench package.json typescript"],
    ["typescript7", "bench package.json typescript7 (npm:typescript@7)"],
  ].map(([dir, source]) => {
    const compiler = compilerAt(join(BENCH_ROOT, "node_modules", dir as string), source as string);
    if (compiler === undefined) throw new Error(`bench/node_modules/${dir} is missing; run the install.`);
    return compiler;
  });
}

/**
 * The repo's compiler first, then each pinned compiler of another major version (so TypeScript 5.9 sits next to
 * the repo's 7, or 7 next to the repo's 5.9). Keys are unique.
 */
export function comparedCompilers(): { repo: Compiler; all: Compiler[] } {
  const repo = findRepoCompiler();
  return { repo, all: [repo, ...pinnedCompilers().filter((c) => c.key !== repo.key)] };
}
