/** How the testkit reads and writes a body of one media type. */
export type MediaKind = "json" | "form" | "multipart" | "text" | "binary";

/** The media type without parameters, lower-cased: `Text/Plain; charset=utf-8` → `text/plain`. */
export function bareMediaType(mediaType: string): string {
  return mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** True for `application/json` and any `+json` media type (RFC 6839 §3.1). */
export function isJsonMediaType(mediaType: string): boolean {
  const bare = bareMediaType(mediaType);
  return bare === "application/json" || bare.endsWith("+json");
}

/**
 * True for the line-framed JSON media types a stream answers with, one JSON item per record: NDJSON
 * (`application/x-ndjson`), JSON Lines (`application/jsonl`, `application/x-jsonlines`) and JSON text sequences
 * (`application/json-seq`, RFC 7464). Their schema and examples describe one item.
 */
export function isJsonLinesMediaType(mediaType: string): boolean {
  return /^application\/(?:x-ndjson|jsonl|x-jsonlines|json-seq)$/.test(bareMediaType(mediaType));
}

/**
 * The kind of a media type: JSON (`+json` too), `application/x-www-form-urlencoded`, `multipart/*`, text
 * (`text/*`, XML and `+xml`, `application/yaml`, `application/javascript`), else binary (any bytes).
 */
export function mediaKind(mediaType: string): MediaKind {
  const bare = bareMediaType(mediaType);
  if (isJsonMediaType(bare)) return "json";
  if (bare === "application/x-www-form-urlencoded") return "form";
  if (bare.startsWith("multipart/")) return "multipart";
  if (
    bare.startsWith("text/") ||
    bare.endsWith("+xml") ||
    bare === "application/xml" ||
    bare === "application/yaml" ||
    bare === "application/x-yaml" ||
    bare === "application/javascript"
  )
    return "text";
  return "binary";
}

/** True when the media range `range` (`*\/*`, `image/*`, `text/plain`) covers `mediaType` (RFC 9110 §12.5.1). */
export function rangeCovers(range: string, mediaType: string): boolean {
  const [rangeType, rangeSub] = bareMediaType(range).split("/");
  const [type, sub] = bareMediaType(mediaType).split("/");
  if (rangeType === "*") return true;
  return rangeType === type && (rangeSub === "*" || rangeSub === sub);
}

/** The media ranges of an `Accept` header with a non-zero weight (RFC 9110 §12.5.1); `["*\/*"]` when absent or empty. */
export function acceptedRanges(accept: string | undefined): string[] {
  if (accept === undefined || accept.trim() === "") return ["*/*"];
  return accept
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && !/;\s*q\s*=\s*0(?:\.0*)?\s*(?:;|$)/i.test(entry))
    .map(bareMediaType);
}

/**
 * True when a response of media type `offered` (possibly itself a range, as specs write `image/*`) satisfies a
 * client's `Accept` ranges: either covers the other.
 */
export function acceptable(ranges: readonly string[], offered: string): boolean {
  return ranges.some((range) => rangeCovers(range, offered) || rangeCovers(offered, range));
}
