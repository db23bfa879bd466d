import { parseMultipart } from "@remix-run/multipart-parser";
import busboy from "busboy";
import { parse as parseQueryString } from "qs";
import type { RecordedPart } from "../recorded-request.js";
import { getByPointer, isRecord, resolveRef } from "./json-pointer.js";
import { bareMediaType, mediaKind, rangeCovers } from "./media-types.js";
import type { RouteBodyContent } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";

/** One part of a multipart body (see {@link RecordedPart}). */
export type ReceivedPart = RecordedPart;

/** What decoding and validating one request body found. */
export interface DecodedBody {
  /** One line per problem; empty when the body fits the media type's schema. */
  readonly errors: string[];
  /** The parsed JSON body (JSON media types only). */
  readonly json: unknown;
  /**
   * The body as the operation sees it: the JSON value; the form fields decoded and coerced to the schema's types;
   * the multipart fields (text coerced, JSON parts parsed, binary parts as `Buffer`); a text body's string; a
   * binary body's bytes.
   */
  readonly value: unknown;
  /** The parts of a multipart body, in arrival order. */
  readonly parts: readonly ReceivedPart[] | undefined;
}

/** Form and multipart fields are limited only by the 64 MiB the server reads; nesting per Stripe's documented depth. */
const QS_OPTIONS = {
  depth: 64,
  arrayLimit: 100_000,
  parameterLimit: 1_000_000,
  plainObjects: true,
  allowPrototypes: false,
  comma: false,
} as const;

/** The Encoding Object of one property (OpenAPI 3.1 §4.8.15), with `$ref`s followed. */
function encodingOf(document: unknown, content: RouteBodyContent, property: string): Record<string, unknown> {
  if (content.encodingPointer === undefined) return {};
  const map = getByPointer(document, content.encodingPointer);
  const node = isRecord(map) ? map[property] : undefined;
  return isRecord(node) ? node : {};
}

/** The schema of a top-level property of the body schema (looking through `$ref` and `allOf`), or undefined. */
function propertySchema(
  document: unknown,
  schema: unknown,
  property: string,
  depth = 0,
): Record<string, unknown> | undefined {
  if (!isRecord(schema) || depth > 8) return undefined;
  if (typeof schema.$ref === "string")
    return propertySchema(document, resolveRef(document, schema.$ref)?.node, property, depth + 1);
  const own = isRecord(schema.properties) ? schema.properties[property] : undefined;
  if (own !== undefined) {
    const resolved = isRecord(own) && typeof own.$ref === "string" ? resolveRef(document, own.$ref)?.node : own;
    return isRecord(resolved) ? resolved : undefined;
  }
  for (const member of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const found = propertySchema(document, member, property, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function wantsArray(schema: Record<string, unknown> | undefined): boolean {
  const type = schema?.type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

function isBinarySchema(schema: Record<string, unknown> | undefined): boolean {
  if (schema === undefined) return false;
  if (schema.format === "binary" || typeof schema.contentMediaType === "string") return true;
  return wantsArray(schema) && isRecord(schema.items) && isBinarySchema(schema.items);
}

/** Delimiters of non-exploded array styles (OpenAPI 3.1 §4.8.12.4, style values). */
const DELIMITERS: Readonly<Record<string, string>> = { form: ",", spaceDelimited: " ", pipeDelimited: "|" };

/**
 * Splits the top-level array fields sent unexploded (`tags=a,b`, `style: form, explode: false` in the property's
 * Encoding Object) into arrays; exploded ones (`tags=a&tags=b`, the default for `style: form`) qs already made arrays.
 */
function applyStyles(
  document: unknown,
  content: RouteBodyContent,
  schema: unknown,
  fields: Record<string, unknown>,
): void {
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== "string" || !wantsArray(propertySchema(document, schema, name))) continue;
    const encoding = encodingOf(document, content, name);
    const style = typeof encoding.style === "string" ? encoding.style : "form";
    const explode = typeof encoding.explode === "boolean" ? encoding.explode : style === "form";
    const delimiter = DELIMITERS[style];
    if (!explode && delimiter !== undefined) fields[name] = value === "" ? [] : value.split(delimiter);
  }
}

function decodeForm(
  document: unknown,
  content: RouteBodyContent,
  body: Buffer,
  validator: SchemaValidator,
): DecodedBody {
  const fields = parseQueryString(body.toString("utf8"), QS_OPTIONS) as Record<string, unknown>;
  const schema = content.schemaPointer === undefined ? undefined : getByPointer(document, content.schemaPointer);
  applyStyles(document, content, schema, fields);
  const errors =
    content.schemaPointer === undefined ? [] : validator.validate(content.schemaPointer, fields, "body", "form");
  return { errors, json: undefined, value: fields, parts: undefined };
}

function readParts(contentType: string, body: Buffer): Promise<ReceivedPart[]> {
  return new Promise((resolve, reject) => {
    const parts: ReceivedPart[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { "content-type": contentType },
        preservePath: true,
        limits: { fieldSize: body.length + 1, fields: Number.MAX_SAFE_INTEGER, files: Number.MAX_SAFE_INTEGER },
      });
    } catch (error) {
      reject(error);
      return;
    }
    parser.on("field", (name, value, info) => {
      parts.push({
        name,
        filename: undefined,
        contentType: info.mimeType,
        bytes: Buffer.from(value, "utf8"),
        headers: {},
      });
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      const part: { -readonly [K in keyof ReceivedPart]: ReceivedPart[K] } = {
        name,
        filename: info.filename,
        contentType: info.mimeType,
        bytes: Buffer.alloc(0),
        headers: {},
      };
      parts.push(part);
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        part.bytes = Buffer.concat(chunks);
      });
    });
    parser.on("error", reject);
    parser.on("close", () => resolve(withPartHeaders(parts, contentType, body)));
    parser.end(body);
  });
}

/**
 * `parts` with each part's headers, read by `@remix-run/multipart-parser` (busboy, which reads the parts, does not
 * expose headers beyond Content-Disposition and Content-Type). Parts stay as they are if the two disagree on the
 * part count.
 */
function withPartHeaders(parts: ReceivedPart[], contentType: string, body: Buffer): ReceivedPart[] {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = boundary?.[1] ?? boundary?.[2];
  if (value === undefined) return parts;
  let headers: Record<string, string>[];
  try {
    headers = Array.from(parseMultipart(body, { boundary: value }), (part) =>
      Object.fromEntries(Object.entries(part.headers).filter((e): e is [string, string] => e[1] !== undefined)),
    );
  } catch {
    return parts;
  }
  if (headers.length !== parts.length) return parts;
  return parts.map((part, index) => ({ ...part, headers: headers[index] ?? {} }));
}

/**
 * What the part headers the Encoding Object declares (`headers`, OpenAPI 3.1 §4.8.15) find wrong in `part`: a
 * `required` one absent, or a value outside its schema's `const` / `enum`. `Content-Type` is checked by the
 * encoding's `contentType`, not here (the spec says to ignore it in `headers`).
 */
function partHeaderErrors(document: unknown, encoding: Record<string, unknown>, part: ReceivedPart): string[] {
  const declared = isRecord(encoding.headers) ? encoding.headers : {};
  const errors: string[] = [];
  for (const [name, raw] of Object.entries(declared)) {
    if (name.toLowerCase() === "content-type") continue;
    const header = isRecord(raw) && typeof raw.$ref === "string" ? resolveRef(document, raw.$ref)?.node : raw;
    if (!isRecord(header)) continue;
    const value = part.headers[name.toLowerCase()];
    const where = `body part ${JSON.stringify(part.name)}`;
    if (value === undefined) {
      if (header.required === true) errors.push(`${where} lacks the header ${name} its encoding requires`);
      continue;
    }
    const schema =
      isRecord(header.schema) && typeof header.schema.$ref === "string"
        ? resolveRef(document, header.schema.$ref)?.node
        : header.schema;
    const allowed = !isRecord(schema)
      ? undefined
      : schema.const !== undefined
        ? [schema.const]
        : Array.isArray(schema.enum)
          ? schema.enum
          : undefined;
    if (allowed !== undefined && !allowed.some((a) => String(a) === value))
      errors.push(`${where} has ${name}: ${value}; its encoding allows ${allowed.map(String).join(", ")}`);
  }
  return errors;
}

/** The content types the Encoding Object allows for a part (`contentType`, a comma-separated list of ranges). */
function allowedPartTypes(encoding: Record<string, unknown>): string[] | undefined {
  return typeof encoding.contentType === "string"
    ? encoding.contentType
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t !== "")
    : undefined;
}

/** A part's value for schema validation: JSON parts parsed, binary parts as bytes, text as text. */
function partValue(part: ReceivedPart, schema: Record<string, unknown> | undefined, errors: string[]): unknown {
  if (mediaKind(part.contentType) === "json") {
    try {
      return JSON.parse(part.bytes.toString("utf8"));
    } catch (error) {
      errors.push(`body part ${JSON.stringify(part.name)} is not valid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
  if (part.filename !== undefined || isBinarySchema(schema) || mediaKind(part.contentType) === "binary")
    return part.bytes;
  return part.bytes.toString("utf8");
}

/**
 * Fields whose part names use bracket notation (`file_link_data[metadata][k]`, `expand[0]`), as Stripe documents
 * for multipart bodies and as `style: deepObject` in the Encoding Object reads (OpenAPI 3.1.1 §4.8.15 applies
 * style and explode to multipart/form-data as well), nested as a form body's would be; other names unchanged.
 */
function withBracketNames(fields: Record<string, unknown>): Record<string, unknown> {
  const bracketed = Object.keys(fields).filter((name) => /\[[^\]]*\]$/.test(name));
  if (bracketed.length === 0) return fields;
  const text = bracketed
    .flatMap((name) => {
      const value = fields[name];
      const values = Array.isArray(value) ? value : [value];
      return values.map((v) => `${encodeURIComponent(name)}=${encodeURIComponent(typeof v === "string" ? v : "")}`);
    })
    .join("&");
  const decoded = parseQueryString(text, QS_OPTIONS) as Record<string, unknown>;
  const rest = Object.fromEntries(Object.entries(fields).filter(([name]) => !bracketed.includes(name)));
  return { ...rest, ...decoded };
}

/** A copy where bytes stand as latin1 strings of the same length, so `type: string, format: binary` validates. */
function bytesAsStrings(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString("latin1");
  if (Array.isArray(value)) return value.map(bytesAsStrings);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bytesAsStrings(v)]));
  return value;
}

async function decodeMultipart(
  document: unknown,
  content: RouteBodyContent,
  contentType: string,
  body: Buffer,
  validator: SchemaValidator,
): Promise<DecodedBody> {
  let parts: ReceivedPart[];
  try {
    parts = await readParts(contentType, body);
  } catch (error) {
    return {
      errors: [`body is not valid multipart: ${(error as Error).message}`],
      json: undefined,
      value: undefined,
      parts: undefined,
    };
  }
  const schema = content.schemaPointer === undefined ? undefined : getByPointer(document, content.schemaPointer);
  const errors: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const part of parts) {
    const property = propertySchema(document, schema, part.name);
    const encoding = encodingOf(document, content, part.name);
    errors.push(...partHeaderErrors(document, encoding, part));
    const allowed = allowedPartTypes(encoding);
    if (allowed !== undefined && !allowed.some((range) => rangeCovers(range, part.contentType)))
      errors.push(
        `body part ${JSON.stringify(part.name)} has content-type ${part.contentType}; the spec's encoding allows ${allowed.join(", ")}`,
      );
    const value = partValue(
      part,
      wantsArray(property) && isRecord(property?.items) ? property.items : property,
      errors,
    );
    const previous = fields[part.name];
    if (previous === undefined) fields[part.name] = wantsArray(property) ? [value] : value;
    else fields[part.name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  const nested = withBracketNames(fields);
  if (content.schemaPointer !== undefined)
    errors.push(...validator.validate(content.schemaPointer, bytesAsStrings(nested), "body", "form"));
  return { errors, json: undefined, value: nested, parts };
}

function schemaIsString(document: unknown, pointer: string | undefined): boolean {
  const node = pointer === undefined ? undefined : getByPointer(document, pointer);
  const schema = isRecord(node) && typeof node.$ref === "string" ? resolveRef(document, node.$ref)?.node : node;
  const type = isRecord(schema) ? schema.type : undefined;
  return type === "string" || (Array.isArray(type) && type.includes("string"));
}

/**
 * Decodes a request body by the media type it matched and validates it against that media type's schema:
 * JSON parsed; `application/x-www-form-urlencoded` decoded with qs (repeated keys and `a[]` as arrays, bracket
 * notation at any depth as deepObject, unexploded arrays split per the Encoding Object's style) and coerced
 * from text to the schema's types; `multipart/form-data` split with busboy (each part's Content-Type checked
 * against the Encoding Object's `contentType`, JSON parts parsed, file and binary parts kept as bytes);
 * `text/*` and XML as UTF-8 text (checked only against a string schema); any other media type as bytes.
 */
export async function decodeBody(
  document: unknown,
  content: RouteBodyContent,
  contentType: string,
  body: Buffer,
  validator: SchemaValidator,
): Promise<DecodedBody> {
  switch (
    mediaKind(
      content.mediaType === "*/*" || content.mediaType.endsWith("/*") ? bareMediaType(contentType) : content.mediaType,
    )
  ) {
    case "json": {
      let json: unknown;
      try {
        json = JSON.parse(body.toString("utf8"));
      } catch (error) {
        return {
          errors: [`body is not valid JSON: ${(error as Error).message}`],
          json: undefined,
          value: undefined,
          parts: undefined,
        };
      }
      const errors = content.schemaPointer === undefined ? [] : validator.validate(content.schemaPointer, json, "body");
      return { errors, json, value: json, parts: undefined };
    }
    case "form":
      return decodeForm(document, content, body, validator);
    case "multipart":
      return decodeMultipart(document, content, contentType, body, validator);
    case "text": {
      const text = body.toString("utf8");
      const errors =
        content.schemaPointer !== undefined && schemaIsString(document, content.schemaPointer)
          ? validator.validate(content.schemaPointer, text, "body")
          : [];
      return { errors, json: undefined, value: text, parts: undefined };
    }
    default:
      return { errors: [], json: undefined, value: body, parts: undefined };
  }
}
