import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { findSpecRoot } from "./find-spec-root.js";
import type { GenerateOptions } from "./generate.js";
import { displayPath } from "./internal/display-path.js";
import { GenerationError } from "./internal/generation-error.js";

/** File names tried, in order, as the root of `specs/<name>/`. */
export const SPEC_ROOT_NAMES = ["openapi.yaml", "openapi.yml", "openapi.json"] as const;

/** Every `specs/<name>` folder of the repo, sorted. */
export function listSpecNames(repoRoot: string): string[] {
  const specs = join(repoRoot, "specs");
  if (!existsSync(specs)) return [];
  return readdirSync(specs, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * The generation of `specs/<name>/` in a repo: root `openapi.yaml|yml|json`, else the one file that
 * find-spec-root.ts finds (a multi-file spec keeps its own names), optional `overlay.yaml` and
 * `outbound.config.yaml`, output `packages/clients/<name>/src/generated`.
 * @throws GenerationError `SPEC_NOT_FOUND` when the folder or its root file is missing, or several files could be it.
 */
export function workspaceSpec(repoRoot: string, name: string): GenerateOptions {
  const folder = join(repoRoot, "specs", name);
  const root =
    SPEC_ROOT_NAMES.map((f) => join(folder, f)).find((f) => existsSync(f)) ??
    (existsSync(folder) && readdirSync(folder).length > 0 ? findSpecRoot(folder) : undefined);
  if (root === undefined) {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      `No spec for \`${name}\`: none of ${SPEC_ROOT_NAMES.join(", ")} is in the folder.`,
      `put the spec's root file at specs/${name}/openapi.yaml (or add it with \`outbound add ${name} --spec <file|dir>\`).`,
      { file: displayPath(folder) },
    );
  }
  const overlay = join(folder, "overlay.yaml");
  const config = join(folder, "outbound.config.yaml");
  return {
    spec: root,
    out: join(repoRoot, "packages", "clients", name, "src", "generated"),
    name,
    specFolder: folder,
    overlay: existsSync(overlay) ? overlay : undefined,
    config: existsSync(config) ? config : undefined,
  };
}
