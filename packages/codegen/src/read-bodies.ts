import { isRecord, resolveLocalRef, toPointer } from "./internal/json-pointer.js";
import type { EncodingModel, MediaTypeModel, QueryStyle, RequestBodyModel, ResponseModel } from "./operation-model.js";
import { resolvedPointerOf } from "./walk-paths.js";

const ENCODING_STYLES: readonly QueryStyle[] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/**
 * The request body of an operation (`$ref` followed), or `undefined` when it has none or it is not an object.
 * @param at JSON pointer of the operation (`/paths/~1a/post`).
 */
export function readRequestBody(
  document: Record<string, unknown>,
  operation: Record<string, unknown>,
  at: string,
): RequestBodyModel | undefined {
  const body = resolveLocalRef(document, operation.requestBody);
  if (!isRecord(body)) return undefined;
  const pointer = `${at}/requestBody`;
  const resolvedPointer = resolvedPointerOf(document, operation.requestBody) ?? pointer;
  return {
    required: body.required === true,
    description: text(body.description),
    pointer,
    resolvedPointer,
    content: readContent(document, body.content, resolvedPointer),
  };
}

/**
 * The responses of an operation in spec order (`default` included, each `$ref` followed); an entry that is not an
 * object is left out.
 * @param at JSON pointer of the operation (`/paths/~1a/get`).
 */
export function readResponses(
  document: Record<string, unknown>,
  operation: Record<string, unknown>,
  at: string,
): ResponseModel[] {
  const responses = isRecord(operation.responses) ? operation.responses : {};
  return Object.entries(responses).flatMap(([status, raw]): ResponseModel[] => {
    const response = resolveLocalRef(document, raw);
    if (!isRecord(response)) return [];
    const pointer = `${at}${toPointer(["responses", status])}`;
    const resolvedPointer = resolvedPointerOf(document, raw) ?? pointer;
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
function readContent(document: Record<string, unknown>, content: unknown, holder: string): MediaTypeModel[] {
  if (!isRecord(content)) return [];
  return Object.entries(content).flatMap(([mediaType, raw]): MediaTypeModel[] => {
    const media = resolveLocalRef(document, raw);
    if (!isRecord(media)) return [];
    const pointer = resolvedPointerOf(document, raw) ?? `${holder}${toPointer(["content", mediaType])}`;
    return [
      {
        mediaType,
        pointer,
        schemaPointer: media.schema === undefined ? undefined : `${pointer}/schema`,
        encoding: readEncoding(media.encoding),
      },
    ];
  });
}

/** `encoding` entries with their effective values (OpenAPI 3.1 §4.8.15). */
function readEncoding(encoding: unknown): EncodingModel[] {
  if (!isRecord(encoding)) return [];
  return Object.entries(encoding).flatMap(([property, value]): EncodingModel[] => {
    if (!isRecord(value)) return [];
    const style = ENCODING_STYLES.find((s) => s === value.style) ?? "form";
    return [
      {
        property,
        contentType: text(value.contentType),
        headers: isRecord(value.headers) ? Object.keys(value.headers) : [],
        style,
        explode: typeof value.explode === "boolean" ? value.explode : style === "form",
        allowReserved: value.allowReserved === true,
        styleWritten: value.style !== undefined || value.explode !== undefined || value.allowReserved !== undefined,
      },
    ];
  });
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
