import type { RecordedClass } from "./class-regressions.js";
import type { ClassCounts } from "./operation-model.js";

/** Provenance of one generation (versions and hashes live here, not in the .ts files, so the same input gives the same .ts bytes). */
export interface ManifestInput {
  readonly generatorVersion: string;
  readonly openapiTypescriptVersion: string;
  /** Spec root file as shown in headers (repo-relative, never absolute). */
  readonly spec: string;
  /** Number of files the spec spans. */
  readonly specFiles: number;
  /** SHA-256 over every spec file (see load-spec.ts). */
  readonly specSha256: string;
  readonly overlay: { readonly file: string; readonly sha256: string } | undefined;
  readonly config: { readonly file: string; readonly sha256: string } | undefined;
  readonly operations: ClassCounts;
  /** Each operation's class by operationId, sorted (see class-regressions.ts; read back by the next generation). */
  readonly operationClasses: Readonly<Record<string, RecordedClass>>;
  /** Generated file names, sorted. */
  readonly files: readonly string[];
}

/** `manifest.json`: stable key order, two-space indent, trailing newline. */
export function emitManifest(input: ManifestInput): string {
  const manifest = {
    generator: "@outbound/codegen",
    generatorVersion: input.generatorVersion,
    openapiTypescriptVersion: input.openapiTypescriptVersion,
    spec: { root: input.spec, files: input.specFiles, sha256: input.specSha256 },
    overlay: input.overlay ?? null,
    config: input.config ?? null,
    operations: input.operations,
    operationClasses: input.operationClasses,
    files: input.files,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
