import { InvalidRequestError } from "../invalid-request-error.js";
import type { BodyMediaType, OperationMeta } from "../operation.js";
import { isBinaryValue, isStream, toWebStream } from "./binary-value.js";
import { BodyRejection, describeValue } from "./body-rejection.js";
import { encodeForm } from "./encode-form.js";
import { bufferStreamParts, encodeMultipartWithHeaders } from "./encode-multipart.js";

/**
 * How a request media type is serialized: `json` (`application/json`, `*+json`: JSON text), `form`
 * (`application/x-www-form-urlencoded`), `multipart` (`multipart/form-data`), `text` (`text/*`, `application/xml`,
 * `*+xml`: a string as it is), `binary` (anything else, `application/octet-stream`, `image/*`, `*\/*`: bytes as they are).
 */
export type BodyKind = "json" | "form" | "multipart" | "text" | "binary";

/** The {@link BodyKind} of `mediaType` (parameters such as `; charset=utf-8` ignored, case-insensitive). */
export function bodyKindOf(mediaType: string): BodyKind {
  const type = (mediaType.split(";")[0] ?? "").trim().toLowerCase();
  if (type === "application/json" || type.endsWith("+json")) return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type === "multipart/form-data") return "multipart";
  if (type.startsWith("text/") || type === "application/xml" || type.endsWith("+xml")) return "text";
  return "binary";
}

/** What the encoded body adds to openapi-fetch's init: the body, the serializer that keeps it, its Content-Type. */
export interface EncodedBody {
  readonly body: unknown;
  readonly bodySerializer?: (body: unknown) => unknown;
  /** The caller's headers with the chosen Content-Type (theirs wins; multipart: none, the platform sets the boundary). */
  readonly headers: HeadersInit | Record<string, string | null>;
  /** Fetch's `duplex: "half"`, required for a stream body. */
  readonly duplex?: "half";
  /** The call's choice, consumed here: never handed to `new Request()`. */
  readonly contentType: undefined;
  /** The call's multipart part headers, consumed here: never handed to `new Request()`. */
  readonly partHeaders: undefined;
}

/** The request body of one operation, compiled once from `OperationMeta.body`. */
export interface BodyPlan {
  /** The media type sent when the call gives no `contentType`: the first JSON one, else the first in the spec. */
  readonly defaultType: string;
  /**
   * Encodes `init.body` as `init.contentType` (default {@link BodyPlan.defaultType}); a multipart body's stream
   * parts are read into Blobs first. Without a body, only the Content-Type choice is checked and consumed.
   * Rejects with InvalidRequestError (`location: "body"`, nothing sent) for a `contentType` the operation does not
   * offer, a body the media type cannot carry (its JSON pointer in `parameter`), or `partHeaders` the operation's
   * parts do not take (`parameter: "partHeaders"`; see `resolvePartHeaders`).
   */
  encode(init: BodyInit | undefined): Promise<EncodedBody>;
}

/** The part of openapi-fetch's init a body plan reads. */
interface BodyInit {
  readonly body?: unknown;
  readonly contentType?: unknown;
  /** Multipart only: header values of the parts, by property (`PartHeaderValues`). */
  readonly partHeaders?: unknown;
  readonly headers?: unknown;
}

const keep = (body: unknown): unknown => body;

/**
 * Compiles `meta.body` for downstream `downstream` (named in errors); `undefined` when the operation sends JSON
 * alone (no `body` entry): openapi-fetch's own JSON path, untouched.
 */
export function compileBodyPlan(downstream: string, meta: OperationMeta): BodyPlan | undefined {
  const media = meta.body;
  if (media === undefined || media.length === 0) return undefined;
  const byType = new Map(media.map((m) => [m.type.toLowerCase(), m]));
  const first = media.find((m) => bodyKindOf(m.type) === "json") ?? media[0];
  const defaultType = (first as BodyMediaType).type;
  const refuse = (parameter: string, reason: string): never => {
    throw new InvalidRequestError({
      downstream,
      operationId: meta.operationId,
      attempts: 0,
      location: "body",
      parameter,
      reason,
    });
  };
  return {
    defaultType,
    async encode(init) {
      const chosen = init?.contentType ?? defaultType;
      const entry = typeof chosen === "string" ? byType.get(chosen.toLowerCase()) : undefined;
      if (entry === undefined)
        return refuse(
          "contentType",
          `the operation takes ${media.map((m) => m.type).join(", ")}; pass one of them as contentType`,
        );
      if (init?.body === undefined) {
        if (init?.partHeaders !== undefined) return refuse("partHeaders", "partHeaders were given without a body");
        return { body: undefined, headers: headersOf(init?.headers), contentType: undefined, partHeaders: undefined };
      }
      if (init.partHeaders !== undefined && bodyKindOf(entry.type) !== "multipart")
        return refuse("partHeaders", `partHeaders apply to multipart/form-data bodies only, not ${entry.type}`);
      try {
        if (bodyKindOf(entry.type) === "multipart") {
          const buffered = bufferStreamParts(init.body, entry.encoding);
          if (buffered !== undefined)
            return await buffered.then(
              (body) => encodeAs(entry, body, init.headers, init.partHeaders),
              (error: unknown) => refuse("", `a stream part could not be read (${describeValue(error)})`),
            );
        }
        return await encodeAs(entry, init.body, init.headers, init.partHeaders);
      } catch (error) {
        if (error instanceof BodyRejection) return refuse(error.pointer, error.reason);
        throw error;
      }
    },
  };
}

/**
 * `body` encoded as `entry` (see {@link BodyKind}); a multipart body whose parts carry headers is framed as bytes,
 * asynchronously (see `encodeMultipartWithHeaders`). @throws BodyRejection
 */
function encodeAs(
  entry: BodyMediaType,
  body: unknown,
  headers: unknown,
  partHeaders: unknown,
): EncodedBody | Promise<EncodedBody> {
  const kind = bodyKindOf(entry.type);
  switch (kind) {
    case "json":
      if (isBinaryValue(body))
        throw new BodyRejection("", `a JSON body cannot carry ${describeValue(body)}; pass a plain value`);
      return sent(JSON.stringify(body), withType(headers, concrete(entry.type, "application/json")));
    case "form":
      return sent(encodeForm(body, entry.encoding), withType(headers, "application/x-www-form-urlencoded"));
    case "multipart": {
      const form = encodeMultipartWithHeaders(body, entry.encoding, partHeaders);
      if (form instanceof FormData) return sent(form, withType(headers, null));
      return form.then((framed) => sent(framed.bytes, withOwnType(headers, framed.contentType)));
    }
    case "text":
      if (typeof body === "string")
        return sent(body, withType(headers, concrete(entry.type, "text/plain; charset=utf-8")));
      return binary(entry, body, headers, "a text body takes a string (or bytes)");
    case "binary":
      return binary(entry, body, headers, "a binary body takes bytes");
  }
}

/** A binary body as it is: bytes, a Blob, or a stream (sent once, `duplex: "half"`). @throws BodyRejection */
function binary(entry: BodyMediaType, body: unknown, headers: unknown, what: string): EncodedBody {
  const fallback = body instanceof Blob && body.type !== "" ? body.type : "application/octet-stream";
  const type = concrete(entry.type, fallback);
  if (body instanceof Uint8Array || body instanceof Blob) return sent(body, withType(headers, type));
  if (body instanceof ArrayBuffer) return sent(new Uint8Array(body), withType(headers, type));
  if (isStream(body)) return { ...sent(toWebStream(body), withType(headers, type)), duplex: "half" };
  throw new BodyRejection(
    "",
    `${what}: pass a Uint8Array, Buffer, Blob, web ReadableStream or Node readable stream, got ${describeValue(body)}${typeof body === "string" ? " (encode text with new TextEncoder().encode(text))" : ""}`,
  );
}

function sent(body: unknown, headers: EncodedBody["headers"]): EncodedBody {
  return { body, bodySerializer: keep, headers, contentType: undefined, partHeaders: undefined };
}

/** The media type itself when it names one type, else `fallback` (`image/*`, `*\/*`, `text/*`). */
function concrete(type: string, fallback: string): string {
  return type.includes("*") ? fallback : type;
}

function headersOf(headers: unknown): EncodedBody["headers"] {
  return (headers ?? {}) as EncodedBody["headers"];
}

/**
 * The caller's headers (a plain object or a `Headers`) with `Content-Type: type` unless they set one; `null`
 * removes any (multipart: the platform writes the type with its boundary). openapi-fetch merges them last-wins.
 */
function withType(headers: unknown, type: string | null): EncodedBody["headers"] {
  if (headers instanceof Headers) {
    const merged = new Headers(headers);
    if (type === null) merged.delete("content-type");
    else if (!merged.has("content-type")) merged.set("content-type", type);
    return merged;
  }
  const given = (headers ?? {}) as Record<string, string | null>;
  return type === null ? { ...given, "Content-Type": null, "content-type": null } : { "Content-Type": type, ...given };
}

/** The caller's headers with `Content-Type: type` in place of any they set (a framed multipart body's boundary). */
function withOwnType(headers: unknown, type: string): Headers {
  const merged = new Headers();
  const given =
    headers instanceof Headers ? headers.entries() : Object.entries((headers ?? {}) as Record<string, unknown>);
  for (const [name, value] of given) if (value !== null && value !== undefined) merged.append(name, String(value));
  merged.set("content-type", type);
  return merged;
}
