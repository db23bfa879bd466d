import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  bundle,
  type Config,
  createConfig,
  type Document,
  getLineColLocation,
  lintDocument,
  type NormalizedProblem,
} from "@redocly/openapi-core";
import { CONVERTED_FROM_SWAGGER2, convertSwagger2, inConvertedSpec, isSwagger2 } from "./convert-swagger2.js";
import { displayPath, posixRelative } from "./internal/display-path.js";
import { GenerationError, isGenerationError, type SourceLocation } from "./internal/generation-error.js";
import { GuardedResolver } from "./internal/guarded-resolver.js";
import { getByPointer, isRecord } from "./internal/json-pointer.js";
import { findRefCycle } from "./internal/ref-cycles.js";

/** A spec loaded, linted and bundled into one document (external `$ref`s pulled into `components`). */
export interface LoadedSpec {
  /** Absolute path of the root file. */
  readonly rootFile: string;
  /** The bundled OpenAPI 3.x document; internal `$ref`s are kept. Mutable: later stages work on it. */
  readonly document: Record<string, unknown>;
  /** The OpenAPI version string, e.g. `3.1.0`. */
  readonly openapi: string;
  /** `Swagger 2.0` when the root was Swagger 2.0, converted to OpenAPI 3.0 (convert-swagger2.ts); else absent. */
  readonly convertedFrom?: string;
  /** Every file of the spec (root first, then the rest by path), absolute. */
  readonly files: readonly string[];
  /** SHA-256 (hex) over every file: each file's path relative to the root's folder and its content hash. */
  readonly sha256: string;
  /** Non-fatal problems (e.g. components renamed while bundling), one line each. */
  readonly warnings: readonly string[];
  /** Maps a JSON pointer in the bundled document to a line in the root file, where it came from there. */
  locate(pointer: string): SourceLocation;
}

/** Options of {@link loadSpec}. */
export interface LoadSpecOptions {
  /**
   * The folder the spec may read files from: a `$ref` to a file outside it is refused (`REF_REFUSED`).
   * @default the root file's folder
   */
  readonly specFolder?: string | undefined;
}

let sharedConfig: Promise<Config> | undefined;

/**
 * The lint rules are those openapi-typescript applies (Redocly `minimal`, operationId uniqueness an error),
 * so a spec that openapi-typescript accepts loads here too.
 */
export function redoclyConfig(): Promise<Config> {
  sharedConfig ??= createConfig(
    { rules: { "operation-operationId-unique": { severity: "error" } } },
    { extends: ["minimal"] },
  );
  return sharedConfig;
}

/**
 * Loads an OpenAPI 3.0/3.1 spec (YAML or JSON, one file or several joined by `$ref`) with
 * `@redocly/openapi-core`: parse, lint, bundle. Parses every file exactly once. A Swagger 2.0 root is converted to
 * OpenAPI 3.0 first (convert-swagger2.ts); problems found after that name OpenAPI 3 pointers.
 * Guards (see internal/guarded-resolver.ts): files outside `options.specFolder` and URLs are refused
 * (`REF_REFUSED`), specs over 16 MiB and YAML alias bombs too (`SPEC_TOO_LARGE`), `$ref` cycles without a
 * definition are `REF_CYCLE`.
 * @throws GenerationError `SPEC_NOT_FOUND`, `SPEC_SYNTAX` (file:line:col), `SPEC_VERSION` (Swagger 1.x, OpenAPI 4
 *   and others), `SPEC_INVALID` (a Swagger 2.0 spec the converter refuses among them), `REF_BROKEN`,
 *   `NAME_COLLISION` (two operations with one operationId).
 */
export async function loadSpec(file: string, options: LoadSpecOptions = {}): Promise<LoadedSpec> {
  const rootFile = resolve(file);
  if (!existsSync(rootFile) || !statSync(rootFile).isFile()) {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      "The spec file does not exist.",
      "pass the path of an OpenAPI 3 YAML or JSON file (for `outbound generate <name>`, put it at specs/<name>/openapi.yaml).",
      { file: displayPath(rootFile) },
    );
  }
  const config = await redoclyConfig();
  const resolver = new GuardedResolver(config.resolve, resolve(options.specFolder ?? dirname(rootFile)));
  const parsedRoot = await parseRoot(resolver, rootFile);
  const converted = isSwagger2(parsedRoot.parsed);
  const root = converted ? await convertSwagger2(parsedRoot, rootFile) : parsedRoot;
  try {
    return await loadRoot(root, rootFile, resolver, config, parsedRoot, converted);
  } catch (error) {
    throw converted ? inConvertedSpec(error) : error;
  }
}

/** Lints and bundles a parsed OpenAPI 3 root; `source` is the root as written, for line numbers. */
async function loadRoot(
  root: Document,
  rootFile: string,
  resolver: GuardedResolver,
  config: Config,
  source: Document,
  converted: boolean,
): Promise<LoadedSpec> {
  const openapi = checkVersion(root, rootFile);
  throwOnRefCycle(root.parsed as Record<string, unknown>, root, rootFile);
  const problems = await lintDocument({ document: root, config: config.styleguide, externalRefResolver: resolver });
  throwOnErrors(problems, rootFile, root, resolver.refusal);
  const bundled = await bundle({ doc: root, config, externalRefResolver: resolver, dereference: false });
  throwOnErrors(bundled.problems, rootFile, root, resolver.refusal);
  // fileDependencies may hold URLs of `$ref`s inside examples (data, not references): only local files count.
  const files = [
    rootFile,
    ...[...bundled.fileDependencies]
      .filter((f) => f !== rootFile && !/^[a-z][a-z0-9+.-]*:\/\//i.test(f) && existsSync(f))
      .sort(),
  ];
  const document = bundled.bundle.parsed as Record<string, unknown>;
  throwOnRefCycle(document, root, rootFile);
  return {
    rootFile,
    document,
    openapi,
    ...(converted ? { convertedFrom: CONVERTED_FROM_SWAGGER2 } : {}),
    files,
    sha256: hashFiles(dirname(rootFile), files),
    warnings: [...problems, ...bundled.problems].filter((p) => p.severity !== "error").map((p) => p.message),
    locate: (pointer) => locateInRoot(source, rootFile, pointer),
  };
}

async function parseRoot(resolver: GuardedResolver, rootFile: string): Promise<Document> {
  try {
    const doc = await resolver.resolveDocument(null, rootFile, true);
    if (doc instanceof Error) throw doc;
    return doc;
  } catch (error) {
    if (isGenerationError(error)) throw error;
    const e = error as { line?: number; col?: number; originalError?: { reason?: string }; message?: string };
    if (typeof e.line === "number") {
      const reason = e.originalError?.reason ?? "syntax error";
      const tooDeep = /maxDepth/.test(reason);
      throw new GenerationError(
        "SPEC_SYNTAX",
        `The spec is not valid YAML/JSON: ${reason}.`,
        tooDeep
          ? "nest less deeply there (the YAML parser stops at 100 levels); move inner schemas to components and `$ref` them."
          : "correct the syntax at that line (check indentation, quotes and brackets).",
        { file: displayPath(rootFile), line: e.line, ...(typeof e.col === "number" ? { col: e.col } : {}) },
        error,
      );
    }
    throw new GenerationError(
      "SPEC_SYNTAX",
      `The spec could not be read: ${e.message ?? String(error)}.`,
      "check that the file is a readable OpenAPI 3 YAML or JSON document.",
      { file: displayPath(rootFile) },
      error,
    );
  }
}

function checkVersion(root: Document, rootFile: string): string {
  const parsed: unknown = root.parsed;
  const where = { file: displayPath(rootFile) };
  if (!isRecord(parsed)) {
    throw new GenerationError(
      "SPEC_INVALID",
      "The spec is empty or not an object.",
      "write an OpenAPI 3 document with `openapi`, `info` and `paths`.",
      where,
    );
  }
  if (parsed.swagger !== undefined) {
    throw new GenerationError(
      "SPEC_VERSION",
      `The spec is Swagger ${String(parsed.swagger)} (OpenAPI 2); Outbound reads OpenAPI 3.0 and 3.1 only.`,
      "convert it to OpenAPI 3 (e.g. `npx swagger2openapi <file> -o openapi.yaml`, or the upstream's OpenAPI 3 edition) and generate from the converted file.",
      { ...where, pointer: "/swagger" },
    );
  }
  const version = parsed.openapi;
  if (typeof version !== "string" || !/^3\.\d+(\.\d+)?(-.+)?$/.test(version)) {
    throw new GenerationError(
      "SPEC_VERSION",
      `Unsupported \`openapi\` version ${JSON.stringify(version) ?? "(missing)"}.`,
      "set `openapi: 3.0.3` or `openapi: 3.1.0` (and make the document follow that version).",
      { ...where, pointer: "/openapi" },
    );
  }
  return version;
}

/**
 * Throws for the first error among `problems`. A refused file (`refusal`) is the reason when there is an error:
 * a `$ref` inside an example is data, so refusing it is not an error unless Redocly needed the file.
 */
function throwOnErrors(
  problems: readonly NormalizedProblem[],
  rootFile: string,
  root: Document,
  refusal?: GenerationError,
): void {
  const errors = problems.filter((p) => p.severity === "error");
  const error = errors.find((p) => refusal !== undefined && /resolve \$ref/i.test(p.message)) ?? errors[0];
  if (!error) return;
  const loc = error.location[0];
  const location: SourceLocation = loc
    ? {
        file: displayPath(loc.source.absoluteRef),
        ...lineCol(loc),
        ...(loc.pointer ? { pointer: loc.pointer.replace(/^#/, "") } : {}),
      }
    : { file: displayPath(rootFile) };
  // the refusal names the file; the problem says which `$ref` asked for it
  if (refusal !== undefined) throw new GenerationError(refusal.code, refusal.problem, refusal.fix, location);
  if (error.ruleId === "operation-operationId-unique") {
    throw new GenerationError(
      "NAME_COLLISION",
      `Two operations have the same operationId, so they would map to one client method: ${describeDuplicates(root.parsed)}.`,
      "give each operation its own operationId (in the spec, or with an `update` action in overlay.yaml).",
      location,
    );
  }
  if (/resolve \$ref/i.test(error.message)) {
    throw new GenerationError(
      "REF_BROKEN",
      `${error.message.replace(/\.$/, "")}.`,
      "point the `$ref` at a file and JSON pointer that exist (paths are relative to the file holding the `$ref`).",
      location,
    );
  }
  throw new GenerationError(
    "SPEC_INVALID",
    `${error.message.replace(/\.$/, "")} (rule ${error.ruleId}).`,
    "correct the spec there so it follows OpenAPI 3.",
    location,
  );
}

function lineCol(loc: NormalizedProblem["location"][number]): { line?: number; col?: number } {
  try {
    const { start } = getLineColLocation(loc);
    return { line: start.line, col: start.col };
  } catch {
    return {};
  }
}

function locateInRoot(root: Document, rootFile: string, pointer: string): SourceLocation {
  const base = { file: displayPath(rootFile), pointer };
  if (getByPointer(root.parsed, pointer) === undefined) return base;
  return { ...base, ...lineCol({ source: root.source, pointer: `#${pointer}`, reportOnKey: false }) };
}

function hashFiles(base: string, files: readonly string[]): string {
  const hash = createHash("sha256");
  const entries = files.map((f) => ({ rel: posixRelative(base, f), body: readFileSync(f) }));
  entries.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  for (const { rel, body } of entries) {
    hash.update(`${rel}\0${createHash("sha256").update(body).digest("hex")}\n`);
  }
  return hash.digest("hex");
}

/** `\`dup\` is used by GET /b and POST /b` for every operationId used more than once. */
function describeDuplicates(parsed: unknown): string {
  const byId = new Map<string, string[]>();
  const paths = isRecord(parsed) && isRecord(parsed.paths) ? parsed.paths : {};
  for (const [path, item] of Object.entries(paths)) {
    if (!isRecord(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (isRecord(operation) && typeof operation.operationId === "string") {
        byId.set(operation.operationId, [
          ...(byId.get(operation.operationId) ?? []),
          `${method.toUpperCase()} ${path}`,
        ]);
      }
    }
  }
  const duplicates = [...byId]
    .filter(([, ops]) => ops.length > 1)
    .map(([id, ops]) => `\`${id}\` is used by ${ops.join(" and ")}`);
  return duplicates.length > 0 ? duplicates.join("; ") : "an operationId repeats";
}

function throwOnRefCycle(document: Record<string, unknown>, root: Document, rootFile: string): void {
  const cycle = findRefCycle(document);
  if (cycle === undefined) return;
  throw new GenerationError(
    "REF_CYCLE",
    `\`$ref\`s (with \`allOf\`/\`oneOf\`/\`anyOf\`) form a cycle that never reaches a definition: ${cycle.map((p) => `#${p}`).join(" → ")}.`,
    "break the cycle: make one of them a real schema (an object whose property refers back is fine), not only a `$ref` or composition of the next.",
    locateInRoot(root, rootFile, cycle[0] ?? ""),
  );
}
