import { join } from "node:path";
import { analyzeSpec } from "../analyze-spec.js";
import type { BreakingChange } from "../diff/breaking-change.js";
import { diffSpecs } from "../diff/diff-specs.js";
import { GenerationError } from "../internal/generation-error.js";
import { extractFolderAt } from "../internal/git-snapshot.js";
import { findRepoRoot } from "../internal/repo-root.js";
import { makeScratchDir, removeScratchDir } from "../internal/scratch-dir.js";
import type { SpecModel } from "../spec-model.js";
import { listSpecNames, workspaceSpec } from "../workspace-specs.js";
import type { CliIo } from "./cli-io.js";

/** Options of `outbound diff`. */
export interface DiffCommandOptions {
  readonly base?: string | undefined;
  readonly json?: boolean | undefined;
}

/** The breaking changes of one spec. */
export interface SpecDiff {
  readonly spec: string;
  readonly changes: readonly BreakingChange[];
}

/**
 * `outbound diff <old-spec> <new-spec>` or `outbound diff --base <git-ref> [name...]`: breaking changes between
 * two versions of a spec, as a table (or `--json`). Exit code 2 when any is breaking, 0 when none.
 */
export async function diffCommand(args: readonly string[], options: DiffCommandOptions, io: CliIo): Promise<number> {
  const diffs = options.base === undefined ? [await diffFiles(args)] : await diffAgainstBase(options.base, args);
  if (options.json === true) io.out(JSON.stringify(diffs, null, 2));
  else for (const diff of diffs) io.out(table(diff));
  return diffs.some((d) => d.changes.length > 0) ? 2 : 0;
}

async function diffFiles(args: readonly string[]): Promise<SpecDiff> {
  if (args.length !== 2) {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      "outbound diff: give two spec files (old, new), or `--base <git-ref>` with spec names.",
      "e.g. `outbound diff old/openapi.yaml new/openapi.yaml`.",
    );
  }
  const [before, after] = await Promise.all(args.map((spec) => analyzeSpec({ spec })));
  return { spec: args[1] ?? "", changes: diffSpecs(before as SpecModel, after as SpecModel) };
}

async function diffAgainstBase(ref: string, names: readonly string[]): Promise<SpecDiff[]> {
  const root = findRepoRoot(process.cwd());
  if (root === undefined)
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      "outbound diff --base: no pnpm-workspace.yaml in this folder or above it.",
      "run it inside the repo.",
    );
  const selected = names.length > 0 ? names : listSpecNames(root);
  const result: SpecDiff[] = [];
  for (const name of selected) {
    const scratch = makeScratchDir(root);
    try {
      const old = join(scratch, "specs", name);
      if (extractFolderAt(root, ref, `specs/${name}`, old) === 0) {
        result.push({ spec: name, changes: [] });
        continue;
      }
      const [before, after] = await Promise.all([
        analyzeSpec(workspaceSpec(scratch, name)),
        analyzeSpec(workspaceSpec(root, name)),
      ]);
      result.push({ spec: name, changes: diffSpecs(before, after) });
    } finally {
      removeScratchDir(scratch);
    }
  }
  return result;
}

/** The report for people: a heading and one padded row per change. */
export function table(diff: SpecDiff): string {
  if (diff.changes.length === 0) return `✓ ${diff.spec}: no breaking changes`;
  const rows = [
    ["KIND", "OPERATION", "POINTER", "DETAIL"],
    ...diff.changes.map((c) => [c.kind, c.operation, c.pointer, c.detail]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join("  ")
      .trimEnd(),
  );
  return [
    `✗ ${diff.spec}: ${diff.changes.length} breaking change${diff.changes.length === 1 ? "" : "s"}`,
    ...lines.map((l) => `  ${l}`),
  ].join("\n");
}
