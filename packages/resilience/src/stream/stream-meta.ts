/**
 * How an operation's successful answer streams, emitted by `@outbound/codegen` as `OperationMeta.stream` for an
 * operation whose 2xx response offers `text/event-stream`, `application/x-ndjson`, `application/jsonl` or
 * `application/json-seq` (or an OpenAPI 3.2 `itemSchema`).
 */
export interface StreamMeta {
  /**
   * How each event's `data` (SSE) or each item (NDJSON, JSON text sequences) is read: `json` parsed with
   * `JSON.parse` (the spec gives it a non-string schema, or `contentMediaType: application/json`), `text` kept as
   * the string received (the spec says `type: string`, or gives no schema).
   */
  readonly data: "json" | "text";
  /**
   * A boolean property of the JSON request body that asks the downstream for the stream instead of one JSON answer
   * (`stream`, as LLM APIs name it): the method sets it to `true` on a plain-object body that does not set it.
   * Absent: the operation streams whatever its body says.
   */
  readonly flag?: string;
}

/**
 * The framing of a streamed body: `sse` (WHATWG HTML §9.2 event streams), `lines` (NDJSON / JSON Lines: one item
 * per LF-terminated line) or `json-seq` (RFC 7464: each item starts with RS, 0x1E, and ends with LF).
 */
export type StreamFormat = "sse" | "lines" | "json-seq";

/** The framing of a response with this `Content-Type`, or undefined when it is not a streamed media type. */
export function streamFormatOf(contentType: string | null): StreamFormat | undefined {
  if (contentType === null) return undefined;
  const type = contentType.split(";", 1)[0]?.trim().toLowerCase();
  if (type === "text/event-stream") return "sse";
  if (type === "application/x-ndjson" || type === "application/jsonl" || type === "application/x-jsonlines")
    return "lines";
  if (type === "application/json-seq") return "json-seq";
  return undefined;
}
