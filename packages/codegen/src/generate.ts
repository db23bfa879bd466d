import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { analyzeSpec } from "./analyze-spec.js";
import { type ClassRegression, findClassRegressions, readPreviousClasses, recordClasses } from "./class-regressions.js";
import { documentForTypes } from "./document-for-types.js";
import { emitClient } from "./emit-client.js";
import { emitEnums } from "./emit-enums.js";
import { emitManifest } from "./emit-manifest.js";
import { emitOperations } from "./emit-operations.js";
import { emitSchema } from "./emit-schema.js";
import { generatedHeader } from "./internal/code-text.js";
import { posixRelative } from "./internal/display-path.js";
import { generatorVersion, openapiTypescriptVersion } from "./internal/generator-version.js";
import { findRepoRoot } from "./internal/repo-root.js";
import { redoclyConfig } from "./load-spec.js";
import { type ClassCounts, countClasses, type OperationModel } from "./operation-model.js";
import type { SpecModel } from "./spec-model.js";
import { type PaginationSuggestion, suggestPagination } from "./suggest-pagination.js";
import { writeOutput } from "./write-output.js";

/** Input of one generation. */
export interface GenerateOptions {
  /** Root file of the spec (YAML or JSON; may `$ref` other files). */
  readonly spec: string;
  /** Output folder (`packages/clients/<name>/src/generated`); replaced as a whole. */
  readonly out: string;
  /** Downstream name. @default the spec's folder name */
  readonly name?: string | undefined;
  /** OpenAPI Overlay 1.0 file applied to the spec. */
  readonly overlay?: string | undefined;
  /** `outbound.config.yaml`. */
  readonly config?: string | undefined;
  /**
   * The folder the spec may read: a `$ref` to a file outside it is refused. For `specs/<name>/`, that folder.
   * @default the root file's folder
   */
  readonly specFolder?: string | undefined;
}

/** What one generation produced. */
export interface RenderedClient {
  readonly name: string;
  /** PascalCase of the name, as in `create<PascalName>Client`. */
  readonly pascalName: string;
  /** Whether the client takes credentials (the spec has security schemes it can send). */
  readonly hasAuth: boolean;
  /** File name → content, in the order written. */
  readonly files: ReadonlyMap<string, string>;
  readonly operations: readonly OperationModel[];
  readonly counts: ClassCounts;
  /** Non-fatal notes (overlay actions that matched nothing, components renamed while bundling). */
  readonly warnings: readonly string[];
  /** List operations that look like a pagination preset but declare none (reported by `outbound add`, never applied). */
  readonly paginationSuggestions: readonly PaginationSuggestion[];
  /** `Swagger 2.0` when the spec was converted to OpenAPI 3 first (see load-spec.ts); else absent. */
  readonly convertedFrom?: string;
}

/** {@link RenderedClient} plus where it went and how long it took (ms). */
export interface GenerateResult extends RenderedClient {
  readonly outDir: string;
  readonly durationMs: number;
  /**
   * Operations whose class got less safe than in the output this generation replaced (read from its
   * `manifest.json`); empty on a first generation. Warnings only: the output is written all the same.
   */
  readonly classRegressions: readonly ClassRegression[];
}

/**
 * Runs load → overlay → analyze (one {@link SpecModel}) → enforce → emit in memory. Deterministic: the same inputs give the
 * same bytes (no timestamps, no absolute paths).
 * @throws GenerationError for any problem in the inputs (file, line or JSON pointer, and the fix).
 */
export async function renderClient(options: GenerateOptions): Promise<RenderedClient> {
  const model = await analyzeSpec(options);
  const { loaded, name, pascalName, title, operations, securitySchemes, warnings } = model;
  const shown = displayFrom(loaded.rootFile);
  const header = generatedHeader(shown(loaded.rootFile));
  const files = new Map<string, string>();
  files.set("client.gen.ts", emitClient(model, header));
  files.set("enums.gen.ts", emitEnums(model.document, header));
  files.set("operations.gen.ts", emitOperations(operations, header, title));
  files.set(
    "schema.gen.ts",
    emitSchema(documentForTypes(model), header, await redoclyConfig(), shown(loaded.rootFile)),
  );
  const counts = countClasses(operations);
  const sideFile = (file: string | undefined) =>
    file === undefined ? undefined : { file: shown(resolve(file)), sha256: sha256Of(resolve(file)) };
  files.set(
    "manifest.json",
    emitManifest({
      generatorVersion: generatorVersion(),
      openapiTypescriptVersion: openapiTypescriptVersion(),
      spec: shown(loaded.rootFile),
      specFiles: loaded.files.length,
      specSha256: loaded.sha256,
      overlay: sideFile(options.overlay),
      config: sideFile(options.config),
      operations: counts,
      operationClasses: recordClasses(operations),
      files: [...files.keys(), "manifest.json"].sort(),
    }),
  );
  const paginationSuggestions = suggestPagination(model.document, operations);
  const converted = loaded.convertedFrom === undefined ? {} : { convertedFrom: loaded.convertedFrom };
  return {
    name,
    pascalName,
    hasAuth: securitySchemes.length > 0,
    files,
    operations,
    counts,
    warnings,
    paginationSuggestions,
    ...converted,
  };
}

/**
 * How input files are named in generated files: relative to the repo root holding the spec (the nearest
 * `pnpm-workspace.yaml` above it), else by file name alone — never an absolute path.
 */
function displayFrom(rootFile: string): (file: string) => string {
  const base = findRepoRoot(dirname(rootFile)) ?? dirname(rootFile);
  return (file) => (posixRelative(base, file).startsWith("..") ? basename(file) : posixRelative(base, file));
}

function sha256Of(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/**
 * {@link renderClient}, then writes the files into `options.out` atomically (temp folder, then swapped in).
 * A failed generation leaves the previous output untouched.
 */
export async function generateClient(options: GenerateOptions): Promise<GenerateResult> {
  const started = performance.now();
  const rendered = await renderClient(options);
  const outDir = resolve(options.out);
  const classRegressions = findClassRegressions(readPreviousClasses(outDir), rendered.operations);
  writeOutput(outDir, rendered.files);
  return { ...rendered, outDir, durationMs: performance.now() - started, classRegressions };
}
