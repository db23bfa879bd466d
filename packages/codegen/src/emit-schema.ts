import type { Config } from "@redocly/openapi-core";
import {
  astToString,
  type GlobalContext,
  type OpenAPI3,
  resolveRef,
  scanDiscriminators,
  transformSchema,
} from "openapi-typescript";
import { binaryRequestTypes } from "./binary-request-types.js";
import { GenerationError } from "./internal/generation-error.js";
import { openTuples } from "./open-tuples.js";
import { requestDefaults } from "./request-defaults.js";

/**
 * `schema.gen.ts`: the spec's types (`paths`, `components`, `operations`) from openapi-typescript 7, given the
 * already-bundled document so the spec is parsed once. Options are openapi-typescript's defaults, so the output
 * equals what `npx openapi-typescript` prints for the same document (minus its header), except where a hook
 * types the wire more exactly: defaulted properties of what a caller sends stay optional (request-defaults.ts),
 * 3.1 tuples that allow further items stay open (open-tuples.ts), and binary request bodies and parts take
 * `Blob | Uint8Array | ReadableStream | NodeJS.ReadableStream`, never `string` (binary-request-types.ts).
 * @param header the generated-file header line(s).
 * @param specFile the spec as shown in errors.
 * @throws GenerationError `SPEC_INVALID` when openapi-typescript fails on a malformed part of the spec.
 */
export function emitSchema(document: Record<string, unknown>, header: string, redoc: Config, specFile: string): string {
  const schema = document as unknown as OpenAPI3;
  const ctx: GlobalContext = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc,
    silent: true,
    transform: (schemaObject, options) =>
      binaryRequestTypes(schemaObject, options) ?? openTuples(schemaObject, options),
    transformProperty: requestDefaults(document),
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: true }),
  };
  try {
    return `${header}\n${astToString(transformSchema(schema, ctx))}`;
  } catch (error) {
    throw new GenerationError(
      "SPEC_INVALID",
      `openapi-typescript could not derive types from the spec: ${(error as Error).message ?? String(error)}.`,
      "check the spec against OpenAPI 3 (`npx @redocly/cli lint <file>` names the place); the part it names is malformed.",
      { file: specFile },
      error,
    );
  }
}
