/** Encodes path segments as a JSON pointer (RFC 6901 §3: `~` → `~0`, `/` → `~1`). */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/**
 * A JSON pointer in the form a `$ref` fragment holds and {@link getByPointer} reads (RFC 6901 §6): {@link toPointer}
 * with `%` written `%25`.
 */
export function toRefPointer(segments: readonly (string | number)[]): string {
  return toPointer(segments).replaceAll("%", "%25");
}

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Follows a local `$ref` (`#/components/...`) in a bundled document, chains included.
 * Returns the input unchanged when it is not a local reference; `undefined` when the reference is dangling.
 */
export function resolveLocalRef(document: Record<string, unknown>, value: unknown): unknown {
  let current = value;
  for (let hops = 0; hops < 32 && isRecord(current) && typeof current.$ref === "string"; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith("#")) return current;
    current = getByPointer(document, ref.slice(1));
  }
  return current;
}

/** Reads the value at a JSON pointer, or `undefined` when any segment is missing. */
export function getByPointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = decodePercent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(current)) current = current[Number(key)];
    else if (isRecord(current) && Object.hasOwn(current, key)) current = current[key];
    else return undefined;
  }
  return current;
}

/** A `$ref` fragment is URI-encoded; a segment that is not valid percent-encoding (`%%x`) is taken as written. */
function decodePercent(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
