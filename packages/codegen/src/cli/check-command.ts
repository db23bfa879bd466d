import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { renderClient } from "../generate.js";
import { GenerationError, isGenerationError } from "../internal/generation-error.js";
import { PNPM_COMMAND } from "../internal/pnpm-command.js";
import { findRepoRoot } from "../internal/repo-root.js";
import { readmeOperationsStale } from "../readme-operations.js";
import { listSpecNames, workspaceSpec } from "../workspace-specs.js";
import type { CliIo } from "./cli-io.js";

/** Files of `outDir` that differ from `expected`: changed, missing or not generated any more. */
export function driftedFiles(outDir: string, expected: ReadonlyMap<string, string>): string[] {
  const present = existsSync(outDir) ? readdirSync(outDir) : [];
  const drifted = [...expected]
    .filter(([name, content]) => !present.includes(name) || readFileSync(join(outDir, name), "utf8") !== content)
    .map(([name]) => name);
  const extra = present.filter((name) => !expected.has(name));
  return [...drifted, ...extra].sort();
}

/**
 * `outbound check [name...]`: regenerates every spec in memory and compares with the files on disk (and the
 * operations table between the client README's markers). On drift:
 * lists the files and prints the command that fixes it; exit code 1.
 */
export async function checkCommand(names: readonly string[], io: CliIo): Promise<number> {
  const root = findRepoRoot(process.cwd());
  if (root === undefined)
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      "outbound check: no pnpm-workspace.yaml in this folder or above it.",
      "run it inside the repo.",
    );
  const selected = names.length > 0 ? names : listSpecNames(root);
  const stale: string[] = [];
  let failed = 0;
  for (const name of selected) {
    try {
      const options = workspaceSpec(root, name);
      const rendered = await renderClient(options);
      const packageDir = join(root, "packages", "clients", name);
      const drift = driftedFiles(options.out, rendered.files).map((f) => join(options.out, f));
      if (readmeOperationsStale(packageDir, rendered)) drift.push(join(packageDir, "README.md"));
      if (drift.length === 0) {
        io.out(`✓ ${name}: up to date`);
        continue;
      }
      stale.push(name);
      io.err(
        `✗ ${name}: generated code differs from specs/${name}/ in ${drift.map((f) => relative(root, f)).join(", ")}`,
      );
    } catch (error) {
      if (!isGenerationError(error)) throw error;
      io.err(`✗ ${name}: ${error.message}`);
      failed++;
    }
  }
  if (stale.length > 0)
    io.err(`Fix: run \`${PNPM_COMMAND} outbound generate ${stale.join(" ")}\` and commit the result.`);
  return stale.length > 0 || failed > 0 ? 1 : 0;
}
