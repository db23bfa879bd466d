import { isRecord, resolveLocalRef, toPointer, toRefPointer } from "./internal/json-pointer.js";
import type { EncodingModel, MediaTypeModel, QueryStyle, RequestBodyModel, ResponseModel } from "./operation-model.js";
import { resolvedPointerOf, type WalkedOperation } from "./walk-paths.js";

const ENCODING_STYLES: readonly QueryStyle[] = ["form", "spaceDelimited", "pipeDelimited", "deepObject"];

/** The request body of an operation (`$ref` followed), or `undefined` when it has none or it is not an object. */
export function readRequestBody(document: Record<string, unknown>, w: WalkedOperation): RequestBodyModel | undefined {
  const body = resolveLocalRef(document, w.operation.requestBody);
  if (!isRecord(body)) return undefined;
  const pointer = `${w.pointer}/requestBody`;
  const resolvedPointer = resolvedPointerOf(document, w.operation.requestBody) ?? `${w.resolvedPointer}/requestBody`;
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
function readContent(document: Record<string, unknown>, content: unknown, holder: string): MediaTypeModel[] {
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
