import { type Document, makeDocumentFromString } from "@redocly/openapi-core";
import { displayPath } from "./internal/display-path.js";
import { GenerationError, isGenerationError } from "./internal/generation-error.js";
import { isRecord } from "./internal/json-pointer.js";

/** What a converted spec says of where it came from, for the summary line. */
export const CONVERTED_FROM_SWAGGER2 = "Swagger 2.0";

/** Where OpenAPI 3 keeps what Swagger 2.0 kept elsewhere (swagger2openapi's `$ref` rewrites), to name the 2.0 place. */
const SWAGGER2_PLACES: readonly [string, string][] = [
  ["/components/schemas/", "/definitions/"],
  ["/components/parameters/", "/parameters/"],
  ["/components/responses/", "/responses/"],
  ["/components/securitySchemes/", "/securityDefinitions/"],
];

/** True for a parsed root whose `swagger` key says 2.0 (`"2.0"`, or the number 2 a YAML `2.0` reads as). */
export function isSwagger2(parsed: unknown): boolean {
  return isRecord(parsed) && (parsed.swagger === "2.0" || parsed.swagger === 2);
}

/**
 * Converts a Swagger 2.0 root document to OpenAPI 3.0 with swagger2openapi (`patch: true`: the minor errors it
 * knows how to fix are fixed; anything else is an error, never dropped silently). The result is a Redocly document
 * at the same path, so the root's relative `$ref`s resolve as before (files it refers to are read as they are).
 * @throws GenerationError `SPEC_INVALID` naming the root file, the Swagger 2.0 pointer when the converter names a
 *   reference, the converter's reason and the fix.
 */
export async function convertSwagger2(root: Document, rootFile: string): Promise<Document> {
  try {
    // loaded on first use: most specs are OpenAPI 3 and need not pay for the converter's start-up
    const { default: swagger2openapi } = await import("swagger2openapi");
    const { openapi } = await swagger2openapi.convertObj(structuredClone(root.parsed) as never, {
      patch: true,
      resolve: false,
    });
    return makeDocumentFromString(JSON.stringify(openapi, null, 2), rootFile);
  } catch (error) {
    const reason = (error as Error).message ?? String(error);
    const ref = /#(\/[^\s'"]*)/.exec(reason)?.[1];
    const pointer = ref === undefined ? undefined : swagger2Pointer(ref);
    throw new GenerationError(
      "SPEC_INVALID",
      `The Swagger 2.0 spec could not be converted to OpenAPI 3 (swagger2openapi): ${reason.replace(/\.$/, "")}${pointer === undefined ? "" : ` (Swagger 2.0 #${pointer})`}.`,
      "correct that part of the Swagger 2.0 spec, or convert it once by hand (`npx swagger2openapi <file> -o openapi.yaml`), correct the result and generate from that.",
      { file: displayPath(rootFile), ...(pointer === undefined ? {} : { pointer }) },
      error,
    );
  }
}

/**
 * A problem found after conversion, restated for the converted document: its pointer is in OpenAPI 3 terms and its
 * line and column (of the converted text, not of the file) are dropped. Anything else is returned as it is.
 */
export function inConvertedSpec(error: unknown): unknown {
  if (!isGenerationError(error)) return error;
  const { line: _line, col: _col, ...location } = error.location ?? { file: "" };
  return new GenerationError(
    error.code,
    `${error.problem.replace(/\.$/, "")} (in the OpenAPI 3 conversion of this Swagger 2.0 spec: the pointer is in OpenAPI 3 terms).`,
    error.fix,
    error.location === undefined ? undefined : location,
    error,
  );
}

function swagger2Pointer(ref: string): string {
  for (const [openapi3, swagger2] of SWAGGER2_PLACES)
    if (ref.startsWith(openapi3)) return swagger2 + ref.slice(openapi3.length);
  return ref;
}
