import type { PropertyEncoding } from "../operation.js";
import { isBinaryValue, isStream, streamToBlob } from "./binary-value.js";
import { BodyRejection, childPointer, describeValue } from "./body-rejection.js";
import { isPlainObject } from "./encode-form.js";
import { type FramedMultipart, frameMultipart } from "./frame-multipart.js";
import { PART_HEADERS, resolvePartHeaders } from "./part-headers.js";

/**
 * `body` as `multipart/form-data` with the parts' declared headers (`encoding.<property>.headers`, OpenAPI 3.1
 * §4.8.15) written: {@link encodeMultipart}'s platform `FormData` when no part has a header to write, else that
 * form framed as bytes by {@link frameMultipart}. `given` is the call's `partHeaders` (see `PartHeaderValues`);
 * a part's headers go on each of its parts (each item of an array), not on the bracket-named parts of
 * `style: deepObject`.
 * @throws BodyRejection as {@link encodeMultipart} and `resolvePartHeaders` do; `partHeaders` with a `FormData`
 *   body (its parts are the caller's).
 */
export function encodeMultipartWithHeaders(
  body: unknown,
  encoding: Readonly<Record<string, PropertyEncoding>> | undefined,
  given: unknown,
): FormData | Promise<FramedMultipart> {
  const form = encodeMultipart(body, encoding);
  if (body instanceof FormData) {
    if (given !== undefined)
      throw new BodyRejection(PART_HEADERS, "partHeaders cannot be applied to a FormData body; pass a plain object");
    return form;
  }
  const headers = resolvePartHeaders(body as Record<string, unknown>, encoding, given);
  if (headers.size === 0) return form;
  return frameMultipart(form, (name) => headers.get(name));
}

/**
 * Encodes a plain-object body as `multipart/form-data` in the platform's `FormData` (RFC 7578; the boundary and the
 * body are the platform's, undici's), one part per property in the body's order (OpenAPI 3.1 §4.8.14.5, §4.8.15):
 * - a `Blob` / `File` (its name as filename, else the property's name), `Uint8Array`, `Buffer` or `ArrayBuffer`: a
 *   file part whose Content-Type is the Blob's type, else the entry's `contentType` (when it names one type), else
 *   `application/octet-stream`. Streams are read into a Blob first, by {@link bufferStreamParts}.
 * - an array: one part per item, repeated under the property's name (arrays of files), unless the entry's
 *   `contentType` is JSON (then one JSON part).
 * - a plain object (or an array whose items are objects): one `application/json` part (the platform names it
 *   `filename="blob"`), unless the entry says `style: deepObject`: then bracket-named text parts
 *   (`file_link_data[create]=true`), as stripe-node sends Stripe's multipart bodies.
 * - a string, number, boolean or bigint: a text part; a Date: its RFC 3339 text; `undefined` and `null`: no part.
 * @throws BodyRejection for a body that is not a plain object, a stream left in it, or a value that is a function,
 *   a symbol or an instance of a class other than Date, naming its JSON pointer.
 */
export function encodeMultipart(
  body: unknown,
  encoding: Readonly<Record<string, PropertyEncoding>> | undefined,
): FormData {
  if (body instanceof FormData) return body;
  if (!isPlainObject(body))
    throw new BodyRejection("", `a multipart body is an object of parts (or a FormData), got ${describeValue(body)}`);
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) {
    const entry = encoding?.[name];
    const pointer = childPointer("", name);
    if (entry?.style === "deepObject" && isStructuredValue(value)) appendBrackets(form, name, value, pointer);
    else if (Array.isArray(value) && !isJsonType(entry?.contentType) && !value.some(isStructuredValue))
      value.forEach((item, index) => {
        appendPart(form, name, item, entry, childPointer(pointer, index));
      });
    else appendPart(form, name, value, entry, pointer);
  }
  return form;
}

function isJsonType(type: string | undefined): boolean {
  return type !== undefined && /json/i.test(type);
}

function isStructuredValue(value: unknown): boolean {
  return typeof value === "object" && value !== null && !(value instanceof Date) && !isBinaryValue(value);
}

/** One concrete media type of an entry's `contentType` (`image/png`; not `image/*` nor a list). */
function concreteType(type: string | undefined): string | undefined {
  if (type === undefined || type.includes("*") || type.includes(",")) return undefined;
  return type.trim();
}

function appendPart(
  form: FormData,
  name: string,
  value: unknown,
  entry: PropertyEncoding | undefined,
  pointer: string,
): void {
  if (value === undefined || value === null) return;
  if (isStream(value))
    throw new BodyRejection(pointer, "a stream part must be read before encoding (internal: bufferStreamParts)");
  if (value instanceof Blob) {
    const declared = concreteType(entry?.contentType);
    const blob = value.type === "" && declared !== undefined ? new Blob([value], { type: declared }) : value;
    form.append(name, blob, value instanceof File ? value.name : name);
    return;
  }
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) {
    const type = concreteType(entry?.contentType) ?? "application/octet-stream";
    form.append(name, new Blob([value as Uint8Array<ArrayBuffer>], { type }), name);
    return;
  }
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean" || type === "bigint") {
    form.append(name, String(value));
    return;
  }
  if (value instanceof Date) {
    form.append(name, value.toISOString());
    return;
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    checkJson(value, pointer);
    form.append(name, new Blob([JSON.stringify(value)], { type: "application/json" }));
    return;
  }
  throw new BodyRejection(
    pointer,
    `a multipart part takes a Blob, File, Uint8Array, stream, string, number, boolean, array or plain object, got ${describeValue(value)}`,
  );
}

/** Bracket-named text parts of a deepObject property (`a[b][0]=x`), as stripe-node's `flattenAndStringify`. */
function appendBrackets(form: FormData, name: string, value: unknown, pointer: string): void {
  if (value === undefined || value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      appendBrackets(form, `${name}[${index}]`, item, childPointer(pointer, index));
    });
    return;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value))
      appendBrackets(form, `${name}[${key}]`, item, childPointer(pointer, key));
    return;
  }
  appendPart(form, name, value, undefined, pointer);
}

/** Refuses what JSON.stringify would silently drop or mangle inside a JSON part: binary values and class instances. */
function checkJson(value: unknown, pointer: string): void {
  if (value === null || typeof value !== "object" || value instanceof Date) {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
      throw new BodyRejection(pointer, `a JSON part cannot carry ${describeValue(value)}`);
    return;
  }
  if (isBinaryValue(value))
    throw new BodyRejection(
      pointer,
      `a JSON part cannot carry ${describeValue(value)}; pass the file as its own property`,
    );
  if (!Array.isArray(value) && !isPlainObject(value))
    throw new BodyRejection(pointer, `a JSON part takes arrays and plain objects, got ${describeValue(value)}`);
  for (const [key, item] of Object.entries(value)) checkJson(item, childPointer(pointer, key));
}

/**
 * The body with each stream part (top level, or an item of an array) read into a Blob, so the platform's FormData
 * can hold it (it holds only Blobs and strings); the parts' Content-Type is the entry's `contentType` when it names
 * one type, else `application/octet-stream`. Returns `undefined` when the body holds no stream (nothing to wait for).
 * The streams are consumed here, once; the encoded body is then replayable like any buffered body.
 */
export function bufferStreamParts(
  body: unknown,
  encoding: Readonly<Record<string, PropertyEncoding>> | undefined,
): Promise<Record<string, unknown>> | undefined {
  if (!isPlainObject(body)) return undefined;
  const hasStream = Object.values(body).some((v) => isStream(v) || (Array.isArray(v) && v.some(isStream)));
  if (!hasStream) return undefined;
  const toBlob = (name: string, value: unknown): unknown =>
    isStream(value)
      ? streamToBlob(value, concreteType(encoding?.[name]?.contentType) ?? "application/octet-stream")
      : value;
  return (async () => {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(body))
      out[name] = Array.isArray(value)
        ? await Promise.all(value.map((item) => toBlob(name, item)))
        : await toBlob(name, value);
    return out;
  })();
}
