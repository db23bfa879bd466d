import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { findSpecRoot } from "../find-spec-root.js";
import { type GenerateResult, generateClient } from "../generate.js";
import { GenerationError, isGenerationError } from "../internal/generation-error.js";
import { PNPM_COMMAND } from "../internal/pnpm-command.js";
import { findRepoRoot } from "../internal/repo-root.js";
import { loadSpec } from "../load-spec.js";
import { scaffoldClientPackage } from "../scaffold-client-package.js";
import { SPEC_ROOT_NAMES, workspaceSpec } from "../workspace-specs.js";
import type { CliIo } from "./cli-io.js";
import { summaryLine } from "./generate-command.js";

/**
 * `outbound add <name> --spec <file|dir> [--root <file>]`: copies the spec (a folder: all its files, keeping their
 * names) into `specs/<name>/`, scaffolds `packages/clients/<name>`, generates it, and prints the next steps and the
 * `unsafe` operations. The root of a folder is `--root` (a path inside it), else the file find-spec-root.ts finds;
 * a root at the folder's top that would not be found again is renamed `openapi.yaml|json`.
 * The copy is staged in a temp folder beside `specs/<name>` and renamed into place; when any step fails, what this
 * command created is removed, so a failed `add` leaves nothing behind and can be run again.
 * @throws GenerationError `SPEC_NOT_FOUND` for bad arguments, a missing or ambiguous root; any generation error.
 */
export async function addCommand(name: string, specPath: string, io: CliIo, rootPath?: string): Promise<number> {
  const { root, source, target } = checkAddArguments(name, specPath);
  const packageDir = join(root, "packages", "clients", name);
  const created = [target, ...(existsSync(packageDir) ? [] : [packageDir])];
  let result: GenerateResult;
  try {
    const rootFile = chooseRoot(source, rootPath);
    if (rootFile === source) await checkSingleFile(source);
    const stagedRoot = stageSpec(source, rootFile, target);
    if (resolve(workspaceSpec(root, name).spec) !== stagedRoot) {
      throw new GenerationError(
        "SPEC_NOT_FOUND",
        `The root ${relative(source, rootFile)} cannot be found again in specs/${name}/ among the other root-like files.`,
        "rename the root file to openapi.yaml, or remove the other files with an `openapi`/`swagger` key, and add it again.",
        { file: rootFile },
      );
    }
    result = await generateClient(workspaceSpec(root, name));
    scaffoldClientPackage(packageDir, name, result);
  } catch (error) {
    for (const dir of created) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  io.out(summaryLine(result));
  io.out(`Added specs/${name}/ and packages/clients/${name} (@outbound/${name}).`);
  printNextSteps(io, name, result);
  io.out(`Spec files copied: ${relative(root, target)}/`);
  return 0;
}

function checkAddArguments(name: string, specPath: string): { root: string; source: string; target: string } {
  const fail = (problem: string, fix: string, file?: string) =>
    new GenerationError("SPEC_NOT_FOUND", problem, fix, file === undefined ? undefined : { file });
  if (!/^[a-z][a-z0-9-]*$/.test(name)) {
    throw fail(
      `outbound add: \`${name}\` is not a valid downstream name.`,
      "use lower-case letters, digits and dashes, starting with a letter (e.g. `payments`).",
    );
  }
  const root = findRepoRoot(process.cwd());
  if (root === undefined)
    throw fail("outbound add: no pnpm-workspace.yaml in this folder or above it.", "run it inside the repo.");
  const source = resolve(specPath);
  const target = join(root, "specs", name);
  if (!existsSync(source))
    throw fail("The spec to add does not exist.", "pass the spec's root file or its folder.", specPath);
  if (existsSync(target)) {
    throw fail(
      `specs/${name} exists already.`,
      `pick another name, or edit specs/${name}/ and run \`outbound generate ${name}\`.`,
    );
  }
  return { root, source, target };
}

/** The root file: `source` itself when it is a file, else `--root` (inside the folder), else the one found. */
function chooseRoot(source: string, rootPath: string | undefined): string {
  if (statSync(source).isFile()) {
    if (rootPath !== undefined && resolve(rootPath) !== source) {
      throw new GenerationError(
        "SPEC_NOT_FOUND",
        "`--root` names the root file of a folder, but `--spec` is a file.",
        "pass the folder as `--spec` and its root file as `--root`, or only the root file as `--spec`.",
        { file: rootPath },
      );
    }
    return source;
  }
  if (rootPath === undefined) return findSpecRoot(source);
  const candidates = [resolve(rootPath), resolve(source, rootPath)];
  const rootFile = candidates.find((f) => f.startsWith(source + sep) && existsSync(f) && statSync(f).isFile());
  if (rootFile === undefined) {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      `\`--root ${rootPath}\` is not a file inside the spec's folder.`,
      "pass the root file's path, relative to the folder or to the current directory.",
      { file: rootPath },
    );
  }
  return rootFile;
}

/** Which operations are `unsafe`, how to declare a key for one or mark it idempotent, and how to use the new package. */
function printNextSteps(io: CliIo, name: string, result: GenerateResult): void {
  const unsafe = result.operations.filter((o) => o.class === "unsafe");
  if (unsafe.length > 0) {
    io.out(
      `${unsafe.length} operation(s) are unsafe and will never be retried once sent: ${unsafe.map((o) => o.operationId).join(", ")}.`,
    );
    io.out(
      `If the downstream honours an idempotency key for one, declare it in specs/${name}/overlay.yaml (OpenAPI Overlay 1.0), e.g. update the operation with \`x-outbound: { idempotencyKey: Idempotency-Key }\`, or in specs/${name}/outbound.config.yaml under \`operations:\`.`,
    );
    io.out(
      `If one truly is idempotent (RFC 9110 §9.2.2: sending it twice has the same effect as once), mark it instead: in specs/${name}/overlay.yaml update the operation with \`x-outbound: { idempotent: true }\`, or in specs/${name}/outbound.config.yaml \`operations: { <operationId>: { idempotent: true } }\`.`,
    );
  }
  for (const s of result.paginationSuggestions) {
    io.out(
      `${s.operationId} looks paginated (${s.because}); not applied. To get .pages() and .all(), declare it in specs/${name}/overlay.yaml (update the operation with \`x-outbound: ${s.declaration}\`) or in specs/${name}/outbound.config.yaml under \`operations: { ${s.operationId}: ... }\`.`,
    );
  }
  io.out(
    `Next: run \`${PNPM_COMMAND} install\` to link the new package, then \`import { create${result.pascalName}Client } from "@outbound/${name}"\`.`,
  );
}

/** A single-file `--spec` must not `$ref` other files: only that file is copied. */
async function checkSingleFile(source: string): Promise<void> {
  const loaded = await loadSpec(source).catch((error: unknown) => {
    if (isGenerationError(error) && error.code === "REF_REFUSED" && !/URL/.test(error.message)) return undefined;
    throw error;
  });
  if (loaded === undefined || loaded.files.length > 1) {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      `The spec spans ${loaded === undefined ? "several" : loaded.files.length} files (it \`$ref\`s others), so copying the one file would break it.`,
      "pass the folder that holds all of its files (with `--root <file>` when its root is not found on its own).",
      { file: source },
    );
  }
}

/**
 * Copies the spec into a temp folder beside `target`, then renames it into place. A single file becomes
 * `openapi.yaml|json`; a folder keeps its files and names.
 * @returns where the root file is now.
 */
function stageSpec(source: string, rootFile: string, target: string): string {
  const staging = join(dirname(target), `.${basename(target)}.staging-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    const standardName = `openapi.${basename(rootFile).endsWith(".json") ? "json" : "yaml"}`;
    let rootName = statSync(source).isDirectory() ? relative(source, rootFile) : standardName;
    if (statSync(source).isDirectory()) cpSync(source, staging, { recursive: true });
    else {
      mkdirSync(staging, { recursive: true });
      cpSync(rootFile, join(staging, rootName));
    }
    if (needsStandardName(staging, rootName)) {
      renameSync(join(staging, rootName), join(staging, standardName));
      rootName = standardName;
    }
    renameSync(staging, target);
    return join(target, rootName);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A root at the top of the folder that find-spec-root.ts would not find on its own (other files look like roots
 * too) is renamed `openapi.yaml|json`, so `outbound generate <name>` finds it later; not when such a file exists.
 */
function needsStandardName(folder: string, rootName: string): boolean {
  if (dirname(rootName) !== "." || SPEC_ROOT_NAMES.some((f) => existsSync(join(folder, f)))) return false;
  try {
    return findSpecRoot(folder) !== join(folder, rootName);
  } catch {
    return true;
  }
}
