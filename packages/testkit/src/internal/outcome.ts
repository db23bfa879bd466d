import { isJsonMediaType } from "./media-types.js";

/** The answer the server computed for a request, before any fault decides how (or whether) it is delivered. */
export interface Outcome {
  readonly status: number;
  /** Response headers (names lower-case), including `content-type` when there is a body. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** An outcome whose body is `value` serialised for `mediaType`: bytes as they are, a string for a non-JSON type as UTF-8 text, else JSON. */
export function outcomeOf(
  status: number,
  mediaType: string | undefined,
  value: unknown,
  extraHeaders: Record<string, string> = {},
): Outcome {
  if (mediaType === undefined || value === undefined)
    return { status, headers: { ...extraHeaders }, body: Buffer.alloc(0) };
  if (value instanceof Uint8Array)
    return { status, headers: { "content-type": mediaType, ...extraHeaders }, body: Buffer.from(value) };
  const text = typeof value === "string" && !isJsonMediaType(mediaType) ? value : JSON.stringify(value);
  return { status, headers: { "content-type": mediaType, ...extraHeaders }, body: Buffer.from(text, "utf8") };
}
