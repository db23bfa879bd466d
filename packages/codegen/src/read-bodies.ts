import { GenerationError, type SourceLocation } from "./internal/generation-error.js";
import { isRecord, resolveLocalRef, toPointer, toRefPointer } from "./internal/json-pointer.js";
import type {
  EncodingHeaderModel,
  EncodingModel,
  MediaTypeModel,
  QueryStyle,
  RequestBodyModel,
  ResponseModel,
} from "./operation-model.js";
import { resolvedPointerOf, type WalkedOperation } from "./walk-paths.js";

const ENCODING_STYLES: readonly QueryStyle[] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/** Locates a JSON pointer of the document, for errors. */
type Where = (pointer: string) => SourceLocation;

/** A pointer located in the spec as a whole (no file known). */
const IN_SPEC: Where = (pointer) => ({ file: "spec", pointer });

/**
 * The request body of an operation (`$ref` followed), or `undefined` when it has none or it is not an object.
 * @param where locates a JSON pointer of the document, for errors.
 * @throws GenerationError `SPEC_INVALID` for a multipart part header whose name is not an RFC 9110 token.
 */
export function readRequestBody(
  document: Record<string, unknown>,
  w: WalkedOperation,
  where: Where = IN_SPEC,
): RequestBodyModel | undefined {
  const body = resolveLocalRef(document, w.operation.requestBody);
  if (!isRecord(body)) return undefined;
  const pointer = `${w.pointer}/requestBody`;
  const resolvedPointer = resolvedPointerOf(document, w.operation.requestBody) ?? `${w.resolvedPointer}/requestBody`;
  return {
    required: body.required === true,
    description: text(body.description),
    pointer,
    resolvedPointer,
    content: readContent(document, body.content, resolvedPointer, where),
  };
}

/**
 * The responses of an operation in spec order (`default` included, each `$ref` followed); an entry that is not an
 * object is left out.
 */
export function readResponses(document: Record<string, unknown>, w: WalkedOperation): ResponseModel[] {
  const responses = isRecord(w.operation.responses) ? w.operation.responses : {};
  return Object.entries(responses).flatMap(([status, raw]): ResponseModel[] => {
    const response = resolveLocalRef(document, raw);
    if (!isRecord(response)) return [];
    const pointer = `${w.pointer}${toPointer(["responses", status])}`;
    const resolvedPointer =
      resolvedPointerOf(document, raw) ?? `${w.resolvedPointer}${toRefPointer(["responses", status])}`;
    return [
      {
        status,
        description: text(response.description),
        pointer,
        resolvedPointer,
        content: readContent(document, response.content, resolvedPointer),
        headers: isRecord(response.headers) ? Object.keys(response.headers) : [],
      },
    ];
  });
}

/** The media types of a `content` map in spec order; `holder` is the JSON pointer of the object holding it. */
function readContent(
  document: Record<string, unknown>,
  content: unknown,
  holder: string,
  where: Where = IN_SPEC,
): MediaTypeModel[] {
  if (!isRecord(content)) return [];
  return Object.entries(content).flatMap(([mediaType, raw]): MediaTypeModel[] => {
    const media = resolveLocalRef(document, raw);
    if (!isRecord(media)) return [];
    const pointer = resolvedPointerOf(document, raw) ?? `${holder}${toRefPointer(["content", mediaType])}`;
    return [
      {
        mediaType,
        pointer,
        schemaPointer: media.schema === undefined ? undefined : `${pointer}/schema`,
        encoding: readEncoding(document, media.encoding, isMultipart(mediaType), `${pointer}/encoding`, where),
      },
    ];
  });
}

/** Whether a media type is `multipart/*`, the only kind whose parts carry headers (OpenAPI 3.1 §4.8.15). */
function isMultipart(mediaType: string): boolean {
  return (mediaType.split(";")[0] ?? "").trim().toLowerCase().startsWith("multipart/");
}

/** `encoding` entries with their effective values (OpenAPI 3.1 §4.8.15); part headers read for multipart only. */
function readEncoding(
  document: Record<string, unknown>,
  encoding: unknown,
  multipart: boolean,
  pointer: string,
  where: Where,
): EncodingModel[] {
  if (!isRecord(encoding)) return [];
  return Object.entries(encoding).flatMap(([property, value]): EncodingModel[] => {
    if (!isRecord(value)) return [];
    const style = ENCODING_STYLES.find((s) => s === value.style) ?? "form";
    const headersPointer = `${pointer}${toRefPointer([property, "headers"])}`;
    return [
      {
        property,
        contentType: text(value.contentType),
        headers: multipart ? readPartHeaders(document, value.headers, headersPointer, where) : [],
        style,
        explode: typeof value.explode === "boolean" ? value.explode : style === "form",
        allowReserved: value.allowReserved === true,
        styleWritten: value.style !== undefined || value.explode !== undefined || value.allowReserved !== undefined,
      },
    ];
  });
}

/** RFC 9110 §5.1 field name: an RFC 9110 §5.6.2 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Headers the encoder writes itself: `Content-Type` (the spec: "SHALL be ignored") and `Content-Disposition`. */
const OWN_HEADERS = new Set(["content-type", "content-disposition"]);

/**
 * The Header Objects of one part (`$ref`s followed), with the value a schema fixes (`const`, single-value `enum`)
 * or defaults (`default`). @throws GenerationError `SPEC_INVALID` for a name that is not a token.
 */
function readPartHeaders(
  document: Record<string, unknown>,
  headers: unknown,
  pointer: string,
  where: Where,
): EncodingHeaderModel[] {
  if (!isRecord(headers)) return [];
  return Object.entries(headers).flatMap(([name, raw]): EncodingHeaderModel[] => {
    if (OWN_HEADERS.has(name.toLowerCase())) return [];
    if (!TOKEN.test(name))
      throw new GenerationError(
        "SPEC_INVALID",
        `part header ${JSON.stringify(name)} is not a valid header name.`,
        "name it with letters, digits and !#$%&'*+-.^_`|~ only (RFC 9110 §5.6.2 token).",
        where(`${pointer}${toRefPointer([name])}`),
      );
    const header = resolveLocalRef(document, raw);
    const schema = isRecord(header) ? resolveLocalRef(document, header.schema) : undefined;
    const fixedValue = isRecord(schema)
      ? schema.const !== undefined
        ? headerText(schema.const)
        : Array.isArray(schema.enum) && schema.enum.length === 1
          ? headerText(schema.enum[0])
          : undefined
      : undefined;
    const value = fixedValue ?? (isRecord(schema) ? headerText(schema.default) : undefined);
    return [
      {
        name,
        value,
        fixed: fixedValue !== undefined,
        required: isRecord(header) && header.required === true,
      },
    ];
  });
}

/** A schema value as header text (`simple` style: an array of scalars comma-joined), or `undefined`. */
function headerText(value: unknown): string | undefined {
  const scalar = (v: unknown) =>
    typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
  if (Array.isArray(value)) {
    const items = value.map(scalar);
    return items.every((i) => i !== undefined) ? items.join(",") : undefined;
  }
  return scalar(value);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
