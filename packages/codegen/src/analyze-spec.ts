import { basename, dirname, resolve } from "node:path";
import { applyOverlay } from "./apply-overlay.js";
import { buildOperationModels } from "./build-operation-models.js";
import { collectSecuritySchemes } from "./collect-security-schemes.js";
import type { GenerateOptions } from "./generate.js";
import { displayPath } from "./internal/display-path.js";
import type { SourceLocation } from "./internal/generation-error.js";
import { pascalCase, words } from "./internal/identifiers.js";
import { isRecord } from "./internal/json-pointer.js";
import { loadConfig } from "./load-config.js";
import { loadSpec } from "./load-spec.js";
import { readServers } from "./read-servers.js";
import type { SpecModel } from "./spec-model.js";
import { validateExtensions } from "./validate-extensions.js";
import { walkPaths } from "./walk-paths.js";

/**
 * Load → overlay → analyze → enforce on one spec and its optional overlay and config: walks `paths` once and
 * returns the {@link SpecModel} every emitter reads. Changes neither the loaded nor the overlaid document.
 * @throws GenerationError for any problem in the inputs (file, line or JSON pointer, and the fix).
 */
export async function analyzeSpec(
  options: Pick<GenerateOptions, "spec" | "overlay" | "config" | "specFolder" | "name">,
): Promise<SpecModel> {
  const loaded = await loadSpec(options.spec, { specFolder: options.specFolder });
  const overlayFile = options.overlay === undefined ? undefined : resolve(options.overlay);
  const overlay = overlayFile === undefined ? undefined : await applyOverlay(loaded.document, overlayFile);
  const document = overlay?.document ?? loaded.document;
  const locate = (pointer: string): SourceLocation => {
    const location = loaded.locate(pointer);
    return location.line === undefined && overlayFile !== undefined
      ? { file: `${location.file} with overlay ${displayPath(overlayFile)}`, pointer }
      : location;
  };
  const config = options.config === undefined ? undefined : loadConfig(resolve(options.config));
  const pathItems = walkPaths(document, locate);
  const extensions = validateExtensions(document, pathItems, locate);
  const servers = readServers(document.servers, "root", []);
  const operations = buildOperationModels(pathItems, { document, extensions, config, locate, rootServers: servers });
  const name = options.name ?? basename(dirname(loaded.rootFile));
  const pascal = pascalCase(words(name)) || "Api";
  const info = isRecord(document.info) ? document.info : {};
  return {
    loaded,
    document,
    name,
    pascalName: /^[0-9]/.test(pascal) ? `Spec${pascal}` : pascal,
    title: typeof info.title === "string" && info.title.trim() !== "" ? info.title.trim() : name,
    servers,
    securitySchemes: collectSecuritySchemes(document),
    operations,
    warnings: [...loaded.warnings, ...(overlay?.warnings ?? [])],
  };
}
