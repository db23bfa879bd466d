import type { SchemaObject, TransformNodeOptions } from "openapi-typescript";
import ts from "typescript";
import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";

/**
 * What a caller may pass for a binary request body or part: `Blob | Uint8Array | ReadableStream |
 * NodeJS.ReadableStream` (bytes, a Blob or File, a web stream, a Node readable such as `fs.createReadStream`), what
 * `@outbound/resilience` sends as it is (`BinaryValue`; an `ArrayBuffer` is accepted at run time too). Never `string`.
 */
function binaryTypeNode(nullable: boolean): ts.TypeNode {
  const ref = (name: string) => ts.factory.createTypeReferenceNode(name);
  const members: ts.TypeNode[] = [
    ref("Blob"),
    ref("Uint8Array"),
    ref("ReadableStream"),
    ts.factory.createTypeReferenceNode(
      ts.factory.createQualifiedName(ts.factory.createIdentifier("NodeJS"), "ReadableStream"),
    ),
  ];
  if (nullable) members.push(ts.factory.createLiteralTypeNode(ts.factory.createNull()));
  return ts.factory.createUnionTypeNode(members);
}

/** A request media type whose body is bytes (not JSON, form, multipart, text or XML). */
export function isBinaryMedia(mediaType: string): boolean {
  const type = (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  return !(
    type === "application/json" ||
    type.endsWith("+json") ||
    type === "application/x-www-form-urlencoded" ||
    type.startsWith("multipart/") ||
    type.startsWith("text/") ||
    type === "application/xml" ||
    type.endsWith("+xml")
  );
}

/**
 * Where openapi-typescript says a schema sits in a request body: `…/requestBody/content/<media>` for the body's
 * schema, then the property names (`…/content/multipart~1form-data/file`), or the same under
 * `#/components/requestBodies/<name>`.
 */
const REQUEST_SCHEMA = /(?:\/requestBody|^#\/components\/requestBodies\/[^/]+)\/content\/([^/]+)(\/.*)?$/;

/**
 * openapi-typescript's `transform` hook for request bodies: a string schema that holds bytes (`format: binary`,
 * JSON Schema's `contentEncoding: binary` as Discord writes it, or OpenAPI 3.1's `contentMediaType` without an
 * encoding, OpenAPI 3.1 §4.8.14.3), and the whole string schema of a binary media type (`application/octet-stream`,
 * `image/*`), becomes `Blob | Uint8Array | ReadableStream | NodeJS.ReadableStream`, inline in a request body or in
 * `components.requestBodies`. Responses and shared `components.schemas` keep openapi-typescript's `string`.
 * Returns `undefined` for anything else (openapi-typescript types it as usual).
 */
export function binaryRequestTypes(schema: SchemaObject, options: TransformNodeOptions): ts.TypeNode | undefined {
  const s = schema as Record<string, unknown>;
  const types = Array.isArray(s.type) ? (s.type as unknown[]) : [s.type];
  if (!types.includes("string")) return undefined;
  const match = REQUEST_SCHEMA.exec(options.path ?? "");
  if (match === null) return undefined;
  const media = decodeURIComponent((match[1] ?? "").replaceAll("~1", "/").replaceAll("~0", "~"));
  const bytes =
    s.format === "binary" ||
    s.contentEncoding === "binary" ||
    (typeof s.contentMediaType === "string" && s.contentEncoding === undefined) ||
    (match[2] === undefined && isBinaryMedia(media) && s.format !== "byte" && s.contentEncoding === undefined);
  return bytes ? binaryTypeNode(types.includes("null")) : undefined;
}

/**
 * Gives every binary request media type written without a schema (`application/octet-stream: {}`) the schema
 * `{ type: string, format: binary }`, so its body is typed as bytes rather than `unknown`. Changes `document` (a
 * copy made for openapi-typescript) in place.
 */
export function typeSchemalessBinaryBodies(document: Record<string, unknown>): void {
  const bodies: unknown[] = [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    const pathItem = resolveLocalRef(document, item);
    if (!isRecord(pathItem)) continue;
    for (const operation of Object.values(pathItem))
      if (isRecord(operation) && operation.requestBody !== undefined) bodies.push(operation.requestBody);
  }
  const components = isRecord(document.components) ? document.components : {};
  if (isRecord(components.requestBodies)) bodies.push(...Object.values(components.requestBodies));
  for (const raw of bodies) {
    const body = resolveLocalRef(document, raw);
    if (!isRecord(body) || !isRecord(body.content)) continue;
    for (const [mediaType, media] of Object.entries(body.content))
      if (isRecord(media) && media.schema === undefined && isBinaryMedia(mediaType))
        media.schema = { type: "string", format: "binary" };
  }
}
