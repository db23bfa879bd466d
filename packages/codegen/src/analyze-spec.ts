import { resolve } from "node:path";
import { applyOverlay } from "./apply-overlay.js";
import { buildOperationModels } from "./build-operation-models.js";
import type { GenerateOptions } from "./generate.js";
import { displayPath } from "./internal/display-path.js";
import type { SourceLocation } from "./internal/generation-error.js";
import { loadConfig } from "./load-config.js";
import { type LoadedSpec, loadSpec } from "./load-spec.js";
import type { OperationModel } from "./operation-model.js";
import { validateExtensions } from "./validate-extensions.js";
import { validateShapes } from "./validate-shapes.js";

/** A spec after load → overlay → validate → classify → enforce: what emission and `outbound diff` read. */
export interface AnalyzedSpec {
  readonly loaded: LoadedSpec;
  /** The bundled document with the overlay applied. */
  readonly document: Record<string, unknown>;
  /** Every operation, classified, with its policy and method name, in document order. */
  readonly operations: readonly OperationModel[];
  /** Overlay warnings (actions that matched nothing) after the spec's own. */
  readonly warnings: readonly string[];
}

/**
 * Runs every stage before emission on one spec and its optional overlay and config.
 * @throws GenerationError for any problem in the inputs (file, line or JSON pointer, and the fix).
 */
export async function analyzeSpec(
  options: Pick<GenerateOptions, "spec" | "overlay" | "config" | "specFolder">,
): Promise<AnalyzedSpec> {
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
  validateShapes(document, locate);
  const extensions = validateExtensions(document, locate);
  const operations = buildOperationModels(document, extensions, config, locate);
  return { loaded, document, operations, warnings: [...loaded.warnings, ...(overlay?.warnings ?? [])] };
}
