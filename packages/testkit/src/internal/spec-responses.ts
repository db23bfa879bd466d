import { escapeToken, isRecord, resolveRef } from "./json-pointer.js";
import { acceptable, acceptedRanges, isJsonLinesMediaType, isJsonMediaType, mediaKind } from "./media-types.js";
import type { Route } from "./route-table.js";
import { sampleFromSchema } from "./sample-from-schema.js";

/** A response documented in the spec, with the body the server will send for it. */
export interface DocumentedResponse {
  readonly status: number;
  /** Media type of the chosen content (JSON preferred), or undefined for a response without content. */
  readonly mediaType: string | undefined;
  /** The Schema Object of that content, when there is one. */
  readonly schema: unknown;
  /**
   * The example (`example`, else the first of `examples`) or a value derived from the schema; a fresh copy. A
   * string for text media types, a `Buffer` for binary ones.
   */
  readonly body: unknown;
}

/** The content to answer with: among the media types the `Accept` header allows, JSON first, else the first in spec order. */
function pickMedia(
  content: Record<string, unknown>,
  accept: string | undefined,
): [string, Record<string, unknown>] | undefined {
  const entries = Object.entries(content).filter((entry): entry is [string, Record<string, unknown>] =>
    isRecord(entry[1]),
  );
  const ranges = acceptedRanges(accept);
  const allowed = entries.filter(([type]) => acceptable(ranges, type));
  const candidates = allowed.length > 0 ? allowed : entries;
  return candidates.find(([type]) => isJsonMediaType(type)) ?? candidates[0];
}

/** Deterministic bytes for a binary answer without an example: 256 bytes counting 0x00 to 0xff. */
export const SAMPLE_BYTES: Buffer = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/**
 * A body value fit for `mediaType`: JSON values (and the items of line-framed JSON streams) as they are; text as a string (a non-string example serialised as
 * JSON); binary as bytes (a string example's UTF-8 bytes, else {@link SAMPLE_BYTES}).
 */
function forMedia(mediaType: string, value: unknown, fromExample: boolean): unknown {
  const kind = mediaKind(mediaType);
  if (kind === "json" || kind === "form" || kind === "multipart" || isJsonLinesMediaType(mediaType)) return value;
  if (kind === "text")
    return typeof value === "string" ? value : value === undefined ? "sample text" : JSON.stringify(value);
  return fromExample && typeof value === "string" ? Buffer.from(value, "utf8") : Buffer.from(SAMPLE_BYTES);
}

function exampleOf(
  document: unknown,
  mediaType: string,
  media: Record<string, unknown>,
  mediaPointer: string,
): unknown {
  if ("example" in media) return forMedia(mediaType, media.example, true);
  if (isRecord(media.examples)) {
    for (const name of Object.keys(media.examples)) {
      const example = resolveRef(document, `${mediaPointer}/examples/${escapeToken(name)}`);
      if (example !== undefined && "value" in example.node) return forMedia(mediaType, example.node.value, true);
    }
  }
  return forMedia(mediaType, sampleFromSchema(document, media.schema), false);
}

/**
 * The documented response of `route` for `status` (exact code, else `4XX`-style range, else `default`), in the
 * media type the `Accept` header prefers (see `pickMedia`; absent `Accept` means any).
 */
export function documentedResponse(
  document: unknown,
  route: Route,
  status: number,
  accept?: string,
): DocumentedResponse | undefined {
  const responses = resolveRef(document, `${route.pointer}/responses`);
  if (responses === undefined) return undefined;
  const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, "default"].find(
    (k) => k in responses.node,
  );
  if (key === undefined) return undefined;
  const response = resolveRef(document, `${responses.pointer}/${escapeToken(key)}`);
  if (response === undefined) return undefined;
  const content = isRecord(response.node.content) ? pickMedia(response.node.content, accept) : undefined;
  if (content === undefined) return { status, mediaType: undefined, schema: undefined, body: undefined };
  const [mediaType, media] = content;
  const body = exampleOf(document, mediaType, media, `${response.pointer}/content/${escapeToken(mediaType)}`);
  return { status, mediaType, schema: media.schema, body: Buffer.isBuffer(body) ? body : structuredClone(body) };
}

/** The first documented 2xx status of `route` (lowest code; `2XX` counts as 200), else 200. */
export function successStatus(document: unknown, route: Route): number {
  const responses = resolveRef(document, `${route.pointer}/responses`);
  const codes = Object.keys(responses?.node ?? {})
    .map((k) => (/^2xx$/i.test(k) ? 200 : Number(k)))
    .filter((n) => n >= 200 && n < 300)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}
