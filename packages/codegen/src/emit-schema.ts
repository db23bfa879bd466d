import type { Config } from "@redocly/openapi-core";
import {
  astToString,
  type GlobalContext,
  type OpenAPI3,
  resolveRef,
  scanDiscriminators,
  transformSchema,
} from "openapi-typescript";

/**
 * `schema.gen.ts`: the spec's types (`paths`, `components`, `operations`) from openapi-typescript 7, given the
 * already-bundled document so the spec is parsed once. Options are openapi-typescript's defaults, so the output
 * equals what `npx openapi-typescript` prints for the same document (minus its header).
 * @param header the generated-file header line(s).
 */
export function emitSchema(document: Record<string, unknown>, header: string, redoc: Config): string {
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
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: ($ref) => resolveRef(schema, $ref, { silent: true }),
  };
  return `${header}\n${astToString(transformSchema(schema, ctx))}`;
}
