import type { PartHeader, PropertyEncoding } from "../operation.js";
import { BodyRejection, describeValue } from "./body-rejection.js";
import { isPlainObject } from "./encode-form.js";

/** One header value a call gives for a multipart part: text, a number, a boolean, or a list (comma-joined). */
export type PartHeaderValue = string | number | boolean | readonly (string | number | boolean)[];

/**
 * The init's `partHeaders` of a multipart call: by body property, the values of headers its Encoding Object
 * declares (`encoding.<property>.headers`, OpenAPI 3.1 §4.8.15), e.g. `{ image: { "X-Checksum": "abc" } }`.
 * Each is written on every part of that property (each item of an array of files). Header names match
 * case-insensitively (RFC 9110 §5.1) and are written as the spec spells them.
 */
export type PartHeaderValues = Readonly<Record<string, Readonly<Record<string, PartHeaderValue>>>>;

/** A field value may not hold control characters other than HTAB (RFC 9110 §5.5): CR or LF would end the header. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Where a refused `partHeaders` value is named (the `parameter` of the InvalidRequestError). */
export const PART_HEADERS = "partHeaders";

/**
 * The headers to write on the parts of each property of `body`, from the declared headers of `encoding` and the
 * call's `given` values: a given value, else a fixed or default `value`; a `required` header without either, for a
 * part that is sent, is refused. Properties the body leaves out (`undefined`, `null`) or without headers to write are
 * absent from the map.
 * @throws BodyRejection (`pointer` {@link PART_HEADERS}) for `given` that is not an object of objects, a header the
 *   property does not declare, a value other than text, number, boolean or a list of them, a value with a control
 *   character, a value other than a fixed one, or a missing required one.
 */
export function resolvePartHeaders(
  body: Readonly<Record<string, unknown>>,
  encoding: Readonly<Record<string, PropertyEncoding>> | undefined,
  given: unknown,
): Map<string, Record<string, string>> {
  const out = new Map<string, Record<string, string>>();
  if (given !== undefined && !isPlainObject(given))
    throw new BodyRejection(
      PART_HEADERS,
      `partHeaders is an object of header values by property, got ${describeValue(given)}`,
    );
  for (const [property, values] of Object.entries(given ?? {}))
    if (values !== undefined && !isPlainObject(values))
      throw new BodyRejection(
        PART_HEADERS,
        `partHeaders.${property} is an object of header values, got ${describeValue(values)}`,
      );
  for (const property of Object.keys(given ?? {}))
    if (encoding?.[property]?.headers === undefined && (given as Record<string, unknown>)[property] !== undefined)
      throw new BodyRejection(
        PART_HEADERS,
        `the part ${property} declares no headers in the spec (encoding.${property}.headers)`,
      );
  for (const [property, entry] of Object.entries(encoding ?? {})) {
    if (entry.headers === undefined) continue;
    const values = ((given as Record<string, Record<string, unknown> | undefined> | undefined)?.[property] ??
      {}) as Record<string, unknown>;
    const sent = body[property] !== undefined && body[property] !== null;
    const written = partHeadersOf(property, entry.headers, values, sent);
    if (sent && Object.keys(written).length > 0) out.set(property, written);
  }
  return out;
}

function partHeadersOf(
  property: string,
  declared: Readonly<Record<string, PartHeader>>,
  values: Record<string, unknown>,
  sent: boolean,
): Record<string, string> {
  const byLowerName = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
  const given = new Map<string, unknown>();
  for (const [name, value] of Object.entries(values)) {
    const spelled = byLowerName.get(name.toLowerCase());
    if (spelled === undefined)
      throw new BodyRejection(
        PART_HEADERS,
        `the part ${property} declares no header ${name}; it declares ${Object.keys(declared).join(", ")}`,
      );
    if (value !== undefined) given.set(spelled, value);
  }
  const written: Record<string, string> = {};
  for (const [name, header] of Object.entries(declared)) {
    const value = given.has(name) ? headerText(property, name, given.get(name)) : header.value;
    if (header.fixed === true && value !== header.value)
      throw new BodyRejection(PART_HEADERS, `the header ${name} of the part ${property} can only be ${header.value}`);
    if (value !== undefined) written[name] = value;
    else if (header.required === true && sent)
      throw new BodyRejection(
        PART_HEADERS,
        `the part ${property} requires the header ${name}; pass it as partHeaders.${property}[${JSON.stringify(name)}]`,
      );
  }
  return written;
}

/** A given header value as field text (`simple` style: a list comma-joined). @throws BodyRejection */
function headerText(property: string, name: string, value: unknown): string {
  const scalar = (item: unknown) =>
    typeof item === "string" || typeof item === "number" || typeof item === "boolean" ? String(item) : undefined;
  const text = Array.isArray(value)
    ? value.every((item) => scalar(item) !== undefined)
      ? value.map(scalar).join(",")
      : undefined
    : scalar(value);
  if (text === undefined)
    throw new BodyRejection(
      PART_HEADERS,
      `the header ${name} of the part ${property} takes text, a number, a boolean or a list of them, got ${describeValue(value)}`,
    );
  if (hasControl(text))
    throw new BodyRejection(
      PART_HEADERS,
      `the header ${name} of the part ${property} holds a control character (CR, LF or another; RFC 9110 §5.5); remove it`,
    );
  return text;
}
