import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { describeClassRegression } from "../class-regressions.js";
import { type GenerateOptions, type GenerateResult, generateClient } from "../generate.js";
import { GenerationError, isGenerationError } from "../internal/generation-error.js";
import { PNPM_COMMAND } from "../internal/pnpm-command.js";
import { findRepoRoot } from "../internal/repo-root.js";
import { syncReadmeOperations } from "../readme-operations.js";
import { scaffoldClientPackage } from "../scaffold-client-package.js";
import { listSpecNames, SPEC_ROOT_NAMES, workspaceSpec } from "../workspace-specs.js";
import type { CliIo } from "./cli-io.js";
import { createProgress, type Progress } from "./progress.js";

/** Options of `outbound generate` as commander parses them. */
export interface GenerateCommandOptions {
  readonly spec?: string | undefined;
  readonly out?: string | undefined;
  readonly name?: string | undefined;
  readonly overlay?: string | undefined;
  readonly config?: string | undefined;
  readonly specFolder?: string | undefined;
}

/** One spec to generate: a label for messages and how to get its options (may throw for a missing spec). */
interface Job {
  readonly label: string;
  readonly options: () => GenerateOptions;
  /** For `specs/<name>/`: the client package folder, scaffolded when files are missing. */
  readonly packageDir?: string;
}

/**
 * `outbound generate [name...]` and `outbound generate --spec <file> --out <dir>`: generates each spec, printing
 * one summary line per spec (operations by class, time taken) or its error paragraph. Exit code 1 when any failed.
 * For `specs/<name>/`, missing files of `packages/clients/<name>` are scaffolded (existing ones are never touched)
 * and the operations table between the README's markers is rewritten.
 */
export async function generateCommand(
  names: readonly string[],
  options: GenerateCommandOptions,
  io: CliIo,
): Promise<number> {
  const jobs = planJobs(names, options);
  const progress = createProgress(io, jobs.length);
  let failed = 0;
  try {
    for (const job of jobs) {
      progress.start(job.label);
      failed += (await runJob(job, progress)) ? 0 : 1;
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  if (jobs.length > 1) io.out(`${jobs.length - failed} generated, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Generates one spec; prints its summary (or error paragraph) and returns whether it succeeded. */
async function runJob(job: Job, progress: Progress): Promise<boolean> {
  try {
    const result = await generateClient(job.options());
    progress.line(summaryLine(result), "out");
    const created = job.packageDir === undefined ? [] : scaffoldClientPackage(job.packageDir, result.name, result);
    if (created.length > 0) {
      progress.line(
        `  scaffolded ${created.join(", ")} in ${relative(process.cwd(), job.packageDir ?? "")} (run \`${PNPM_COMMAND} install\` to link it)`,
        "out",
      );
    }
    if (job.packageDir !== undefined && syncReadmeOperations(job.packageDir, result) === "updated") {
      const readme = relative(process.cwd(), join(job.packageDir, "README.md"));
      progress.line(`  updated the operations table in ${readme}`, "out");
    }
    for (const warning of result.warnings) progress.line(`  warning: ${warning}`, "out");
    const diff =
      job.packageDir === undefined ? "outbound diff <old-spec> <new-spec>" : `outbound diff --base HEAD ${result.name}`;
    for (const regression of result.classRegressions)
      progress.line(describeClassRegression(result.name, regression, diff), "err");
    return true;
  } catch (error) {
    progress.line(`✗ ${job.label}: ${describeFailure(error)}`, "err");
    return false;
  }
}

/**
 * One paragraph for a failed spec. An input error is its message; anything else is a generator defect, shown
 * without a stack trace (one bad spec must not hide the results of the others) and reported as such.
 */
function describeFailure(error: unknown): string {
  if (isGenerationError(error)) return error.message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const stack = process.env.OUTBOUND_DEBUG === "1" && error instanceof Error ? `\n${error.stack ?? ""}` : "";
  return `The generator failed on this spec (${text.split("\n")[0]}). Fix: this is a bug in @outbound/codegen, not in the spec; report it with the spec attached (OUTBOUND_DEBUG=1 prints the stack).${stack}`;
}

/**
 * `✓ payments: 3 operations (1 idempotent, 2 keyed, 0 unsafe) → packages/clients/payments/src/generated in 58 ms`,
 * with `, converted from Swagger 2.0` after the counts when the spec was.
 */
export function summaryLine(result: GenerateResult): string {
  const c = result.counts;
  const out = relative(process.cwd(), result.outDir) || ".";
  const converted = result.convertedFrom === undefined ? "" : `, converted from ${result.convertedFrom}`;
  return `✓ ${result.name}: ${c.total} ${c.total === 1 ? "operation" : "operations"} (${c.idempotent} idempotent, ${c.keyed} keyed, ${c.unsafe} unsafe)${converted} → ${out} in ${Math.round(result.durationMs)} ms`;
}

function planJobs(names: readonly string[], options: GenerateCommandOptions): Job[] {
  if (options.spec !== undefined) {
    if (options.out === undefined)
      throw usage("`--spec` needs `--out <dir>` (the folder to write the generated files to).");
    if (names.length > 0) throw usage("give either spec names or `--spec`, not both.");
    const spec = specRootOf(resolve(options.spec));
    const resolved: GenerateOptions = {
      spec,
      out: resolve(options.out),
      name: options.name,
      overlay: options.overlay,
      config: options.config,
      specFolder: options.specFolder === undefined ? undefined : resolve(options.specFolder),
    };
    return [{ label: options.name ?? basename(dirname(spec)), options: () => resolved }];
  }
  for (const flag of ["out", "name", "overlay", "config", "specFolder"] as const) {
    if (options[flag] !== undefined)
      throw usage(
        `\`--${flag === "specFolder" ? "spec-folder" : flag}\` only goes with \`--spec\`; for specs/<name>/ put overlay.yaml and outbound.config.yaml in that folder.`,
      );
  }
  const root = findRepoRoot(process.cwd());
  if (root === undefined)
    throw usage(
      "no pnpm-workspace.yaml in this folder or above it, so there is no specs/ to read; run inside the repo or use `--spec <file> --out <dir>`.",
    );
  const selected = names.length > 0 ? names : listSpecNames(root);
  if (selected.length === 0)
    throw usage(
      `no spec folders in ${relative(process.cwd(), resolve(root, "specs")) || "specs"}; add one with \`outbound add <name> --spec <file>\`.`,
    );
  return selected.map((name) => ({
    label: name,
    options: () => workspaceSpec(root, name),
    packageDir: join(root, "packages", "clients", name),
  }));
}

/** A folder given as `--spec` stands for its `openapi.yaml|yml|json`. */
function specRootOf(path: string): string {
  if (!existsSync(path) || !statSync(path).isDirectory()) return path;
  return SPEC_ROOT_NAMES.map((f) => join(path, f)).find((f) => existsSync(f)) ?? join(path, SPEC_ROOT_NAMES[0]);
}

function usage(problem: string): GenerationError {
  return new GenerationError("SPEC_NOT_FOUND", `outbound generate: ${problem}`, "see `outbound generate --help`.");
}
