import type { StreamMeta } from "./internal/contract-types.js";
import { getByPointer, isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import type { MediaTypeModel, RequestBodyModel, ResponseModel } from "./operation-model.js";

/**
 * How an operation's success answer streams: the first 2xx response offering `text/event-stream` (SSE),
 * `application/x-ndjson` / `application/jsonl` (one JSON item per line) or `application/json-seq` (RFC 7464).
 */
export interface StreamModel {
  /** The response's status key as written (`200`). */
  readonly status: string;
  /** The streamed media type key as written. */
  readonly mediaType: string;
  readonly format: "sse" | "lines" | "json-seq";
  /**
   * How each event's data (SSE) or each item is read: `json` unless the schema is `type: string` (without
   * `contentMediaType: application/json`) or absent for SSE; line-framed items are always JSON.
   */
  readonly data: StreamMeta["data"];
  /** Whether the schema (or OpenAPI 3.2 `itemSchema`) is an array whose items are the streamed items. */
  readonly itemsOfArray: boolean;
  /**
   * Whether the same response also offers JSON: the operation keeps its JSON method and gains a second one,
   * `<method>Stream`, for the stream.
   */
  readonly besideJson: boolean;
  /**
   * A boolean property of the JSON request body that asks for the stream (`stream`, the usual name): the stream
   * method sets it to `true`. Undefined when the body has none.
   */
  readonly flag: string | undefined;
}

const FORMATS: ReadonlyArray<readonly [RegExp, StreamModel["format"]]> = [
  [/^text\/event-stream\s*(?:;|$)/i, "sse"],
  [/^application\/(?:x-ndjson|jsonl|x-jsonlines)\s*(?:;|$)/i, "lines"],
  [/^application\/json-seq\s*(?:;|$)/i, "json-seq"],
];

/** The framing of a streamed media type, or undefined. */
export function streamFormatOf(mediaType: string): StreamModel["format"] | undefined {
  return FORMATS.find(([pattern]) => pattern.test(mediaType.trim()))?.[1];
}

/** Reads {@link StreamModel} of an operation from its responses and request body; undefined when it does not stream. */
export function readStream(
  document: Record<string, unknown>,
  responses: readonly ResponseModel[],
  requestBody: RequestBodyModel | undefined,
): StreamModel | undefined {
  for (const response of responses) {
    if (!/^2(?:\d\d|XX)$/i.test(response.status)) continue;
    const media = response.content.find((c) => streamFormatOf(c.mediaType) !== undefined);
    if (media === undefined) continue;
    const format = streamFormatOf(media.mediaType) ?? "sse";
    const schema = schemaOf(document, media);
    const besideJson = response.content.some((c) => /^application\/(?:[\w.+-]*\+)?json\s*(?:;|$)/i.test(c.mediaType));
    return {
      status: response.status,
      mediaType: media.mediaType,
      format,
      data: format === "sse" && isTextSchema(schema) ? "text" : "json",
      itemsOfArray: format !== "sse" && isRecord(schema) && schema.type === "array",
      besideJson,
      flag: besideJson ? flagOf(document, requestBody) : undefined,
    };
  }
  return undefined;
}

/** The media type's `itemSchema` (OpenAPI 3.2) or `schema`, one local `$ref` followed. */
function schemaOf(document: Record<string, unknown>, media: MediaTypeModel): unknown {
  const object = getByPointer(document, media.pointer);
  if (!isRecord(object)) return undefined;
  return resolveLocalRef(document, object.itemSchema ?? object.schema);
}

/** No schema, or a string schema not declared to hold JSON (JSON Schema 2020-12 §8.3 `contentMediaType`). */
function isTextSchema(schema: unknown): boolean {
  if (!isRecord(schema)) return true;
  return schema.type === "string" && !/json/i.test(String(schema.contentMediaType ?? ""));
}

/** `stream` when the JSON request body's schema has a boolean property of that name. */
function flagOf(document: Record<string, unknown>, body: RequestBodyModel | undefined): string | undefined {
  const media = body?.content.find((c) => /json/i.test(c.mediaType));
  if (media?.schemaPointer === undefined) return undefined;
  const schema = resolveLocalRef(document, getByPointer(document, media.schemaPointer));
  if (!isRecord(schema) || !isRecord(schema.properties)) return undefined;
  const property = resolveLocalRef(document, schema.properties.stream);
  return isRecord(property) && (property.type === "boolean" || property.type === undefined) ? "stream" : undefined;
}
