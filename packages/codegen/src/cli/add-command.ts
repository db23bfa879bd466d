import { cpSync, existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
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
 * `outbound add <name> --spec <file|dir>`: copies the spec (a folder: all its files) into `specs/<name>/`,
 * scaffolds `packages/clients/<name>`, generates it, and prints the next steps and the `unsafe` operations.
 */
export async function addCommand(name: string, specPath: string, io: CliIo): Promise<number> {
  const { root, source, target } = checkAddArguments(name, specPath);
  if (statSync(source).isFile()) await checkSingleFile(source);
  copySpec(source, target);
  let result: GenerateResult;
  try {
    result = await generateClient(workspaceSpec(root, name));
  } catch (error) {
    rmSync(target, { recursive: true, force: true });
    rmSync(join(root, "packages", "clients", name), { recursive: true, force: true });
    throw error;
  }
  scaffoldClientPackage(join(root, "packages", "clients", name), name, result);
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
      "pass the folder that holds all of its files, with the root file named openapi.yaml, openapi.yml or openapi.json.",
      { file: source },
    );
  }
}

function copySpec(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  if (statSync(source).isDirectory()) {
    cpSync(source, target, { recursive: true });
    if (!SPEC_ROOT_NAMES.some((f) => existsSync(join(target, f)))) {
      throw new GenerationError(
        "SPEC_NOT_FOUND",
        `The folder has none of ${SPEC_ROOT_NAMES.join(", ")}.`,
        "pass the root file instead of the folder, or rename the root file to openapi.yaml.",
        { file: source },
      );
    }
    return;
  }
  const extension = basename(source).endsWith(".json") ? "json" : "yaml";
  cpSync(source, join(target, `openapi.${extension}`));
}
