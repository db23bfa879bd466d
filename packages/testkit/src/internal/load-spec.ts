import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { bundle, type Config, createConfig, getLineColLocation, type NormalizedProblem } from "@redocly/openapi-core";
import { TestkitError } from "../testkit-error.js";
import { convertOpenApi30Schemas } from "./openapi30-to-json-schema.js";

/** A spec bundled into one document (external `$ref`s pulled into `components`, internal `$ref`s kept). */
export interface LoadedSpec {
  /** Where the spec came from: an absolute file path, or `<inline>`. */
  readonly source: string;
  /** `3.0.x` or `3.1.x`. */
  readonly openapi: string;
  /** The bundled document; for 3.0 its schemas are rewritten to JSON Schema 2020-12 (`nullable` → `null` type). */
  readonly document: Record<string, unknown>;
}

let redoclyConfig: Promise<Config> | undefined;

function problemLine(problem: NormalizedProblem): string {
  const location = problem.location[0];
  if (location === undefined) return problem.message;
  const lineCol = location.pointer === undefined ? undefined : getLineColLocation(location);
  const where =
    lineCol === undefined ? location.source.absoluteRef : `${location.source.absoluteRef}:${lineCol.start.line}`;
  return `${where} (${location.pointer ?? "#"}): ${problem.message}`;
}

/**
 * Loads an OpenAPI 3.0/3.1 spec (YAML or JSON, one file or several joined by `$ref`) with
 * @redocly/openapi-core and bundles it into one document.
 * @throws TestkitError `SPEC_LOAD` for a missing file, a YAML error or a broken `$ref`;
 *   `SPEC_INVALID` for Swagger 2.0 or a document that is not OpenAPI 3.x.
 */
export async function loadSpec(spec: string | Record<string, unknown>): Promise<LoadedSpec> {
  redoclyConfig ??= createConfig({});
  const config = await redoclyConfig;
  const source = typeof spec === "string" ? resolve(spec) : "<inline>";
  if (typeof spec === "string" && !existsSync(source)) {
    throw new TestkitError(
      "SPEC_LOAD",
      `Spec file not found: ${source}. Pass the path of an OpenAPI 3.x YAML or JSON file (relative paths resolve from ${process.cwd()}).`,
    );
  }
  let result: Awaited<ReturnType<typeof bundle>>;
  try {
    result =
      typeof spec === "string"
        ? await bundle({ ref: source, config })
        : await bundle({ doc: { source: { absoluteRef: source } as never, parsed: structuredClone(spec) }, config });
  } catch (error) {
    throw new TestkitError("SPEC_LOAD", `Cannot load spec ${source}: ${(error as Error).message}`, { cause: error });
  }
  const broken = result.problems.filter((p) => p.ruleId === "no-unresolved-refs" || p.severity === "error");
  if (broken.length > 0) {
    throw new TestkitError(
      "SPEC_LOAD",
      `Cannot bundle spec ${source}:\n${broken.map(problemLine).join("\n")}\nFix the $ref targets above.`,
    );
  }
  const document = result.bundle.parsed as Record<string, unknown> | null;
  const version = document?.openapi;
  if (document === null || typeof version !== "string" || !/^3\.[01]\./.test(version)) {
    const swagger = document?.swagger !== undefined;
    throw new TestkitError(
      "SPEC_INVALID",
      swagger
        ? `${source} is Swagger 2.0; the testkit serves OpenAPI 3.0 or 3.1. Convert it (e.g. with swagger2openapi) first.`
        : `${source} (#/openapi): expected an OpenAPI 3.0.x or 3.1.x document, found openapi: ${JSON.stringify(version)}.`,
    );
  }
  if (version.startsWith("3.0.")) convertOpenApi30Schemas(document);
  return { source, openapi: version, document };
}
