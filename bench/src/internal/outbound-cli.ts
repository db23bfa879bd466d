import { copyFileSync, mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { REPO_ROOT, tmpDir } from "./paths.js";

/** packages/codegen, the package that ships the `outbound` binary. */
const CODEGEN = join(REPO_ROOT, "packages", "codegen");

/** How the bench runs `outbound`: the two ways a user does. */
export interface OutboundCli {
  /**
   * `bin/outbound.js` of a copy of @outbound/codegen as installed from a registry: package.json, bin/ and dist/,
   * no src/, so the bin runs dist/cli.js (what an installed package or the repo after `turbo build` runs).
   */
  readonly builtBin: string;
  /**
   * `bin/outbound.js` of a copy with src/ and no dist/, so the bin takes its other branch and runs the TypeScript
   * source through tsx (what `pnpm generate` runs in a fresh clone, before `turbo build`).
   */
  readonly sourceBin: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** A package folder under .tmp with codegen's package.json and bin/, and its node_modules linked in place. */
function packageCopy(name: string): string {
  const dir = join(tmpDir(), name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "bin"), { recursive: true });
  // package.json: the generator reads its version from it (manifest.json provenance).
  copyFileSync(join(CODEGEN, "package.json"), join(dir, "package.json"));
  copyFileSync(join(CODEGEN, "bin", "outbound.js"), join(dir, "bin", "outbound.js"));
  symlinkSync(join(CODEGEN, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

let prepared: Promise<OutboundCli> | undefined;

/**
 * Prepares both ways of running `outbound` under `.tmp/` (once per process) from the current codegen source.
 *
 * dist/ is compiled here, one JavaScript file per module as `tsc -p tsconfig.build.json` emits it (ES2022, imports
 * untouched: isolatedModules and verbatimModuleSyntax make a per-file transpile exact), with esbuild in about a
 * second. packages/codegen/dist is neither used (it may be older than the source) nor written (other work may be
 * running the bin at the same time). The source copy links src/ to packages/codegen/src.
 */
export function prepareOutboundCli(): Promise<OutboundCli> {
  prepared ??= (async () => {
    const built = packageCopy("outbound-cli-built");
    const src = join(CODEGEN, "src");
    await build({
      entryPoints: sourceFiles(src),
      outdir: join(built, "dist"),
      outbase: src,
      bundle: false,
      platform: "node",
      format: "esm",
      target: "es2022",
      logLevel: "error",
    });
    const source = packageCopy("outbound-cli-source");
    symlinkSync(src, join(source, "src"), "dir");
    return { builtBin: join(built, "bin", "outbound.js"), sourceBin: join(source, "bin", "outbound.js") };
  })();
  return prepared;
}
