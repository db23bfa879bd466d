import { join } from "node:path";
import { build } from "esbuild";
import { BENCH_ROOT, tmpDir } from "./paths.js";

/**
 * Packages left as imports (resolved from packages/bench/node_modules at run time); workspace sources are bundled.
 * CommonJS packages that `require()` Node builtins (qs, through side-channel; form-data, loaded only for multipart
 * part headers, which no worker sends) must stay external: an ESM bundle cannot `require`.
 */
const EXTERNAL = ["undici", "openapi-fetch", "cockatiel", "qs", "form-data", "@opentelemetry/*"];

/** The measured worker scripts (under `src/`). */
export type WorkerScript = "runtime-worker" | "memory-worker";

let built: Promise<string> | undefined;

/**
 * Bundles the measured workers with their workspace sources (`@outbound/source` condition) into plain ESM under
 * `.tmp/workers/`, once per process, and returns that folder. Measured processes then run plain JavaScript as a
 * built service would: no TypeScript loader in the process and no `keepNames` wrappers (tsx's esbuild transform
 * adds a `__name()` call to every closure it creates, which costs several µs per call in closure-heavy code).
 * Each module keeps its `// packages/…/file.ts` marker, so a CPU profile of a worker still maps to source files.
 */
export function buildWorkers(): Promise<string> {
  built ??= (async () => {
    const outdir = tmpDir("workers");
    await build({
      entryPoints: ["runtime-worker", "memory-worker"].map((name) => join(BENCH_ROOT, "src", `${name}.ts`)),
      outdir,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      conditions: ["@outbound/source"],
      external: EXTERNAL,
      keepNames: false,
      minify: false,
      logLevel: "error",
      banner: { js: "// Bundled by @outbound/bench (build-workers.ts). Do not edit." },
    });
    return outdir;
  })();
  return built;
}
