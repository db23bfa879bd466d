import { stringify } from "qs";
import { encodeReserved } from "../internal/reserved-expansion.js";
import type { PropertyEncoding } from "../operation.js";
import { isBinaryValue } from "./binary-value.js";
import { BodyRejection, childPointer, describeValue } from "./body-rejection.js";

/**
 * qs options of bracket notation, as stripe-node writes every form body (`stringifyRequestData` in stripe-node's
 * `src/utils.ts`: `qs.stringify(data)` with qs's default `arrayFormat: "indices"`, then `%5B` / `%5D` put back as
 * `[` / `]`): `metadata[order_id]=6735`, `expand[0]=tax`, `items[0][price]=p_1`, any depth. Stripe's reference
 * shows `expand[]=tax` in its curl examples; Stripe parses both alike, and indices are what Stripe's own SDK sends
 * on every call and the only unambiguous form for arrays of objects (`line_items[0][price]`, as Stripe's docs write
 * them). `null` leaves the key out (RFC 6570 §2.3: null is undefined); an empty string sends `key=` (Stripe unsets a
 * field so).
 */
const BRACKETS = Object.freeze({
  arrayFormat: "indices",
  skipNulls: true,
  serializeDate: (date: Date) => date.toISOString(),
} as const);

/** {@link BRACKETS} with values by reserved expansion (keys as qs encodes them). */
const RESERVED_BRACKETS = Object.freeze({
  ...BRACKETS,
  encoder: (text: unknown, standard: (text: unknown) => string, _charset: unknown, type: "key" | "value") =>
    type === "value" ? encodeReserved(String(text)) : standard(text),
});

/**
 * Encodes a plain-object body as `application/x-www-form-urlencoded` (OpenAPI 3.1 §4.8.14.4, §4.8.15): each
 * property by its `encoding` entry, in the body's order, values percent-encoded (RFC 3986, space as `%20`).
 * - `style: deepObject`, and any object or array of objects without an entry (openapi-fetch's query default):
 *   bracket notation at any depth (see {@link BRACKETS}).
 * - `style: form` (the default), `explode: true`: an array as repeated keys (`tag=a&tag=b`), an object as its
 *   own `key=value` pairs; `explode: false`: comma-joined (`tag=a,b`, `point=x,1,y,2`).
 * - `spaceDelimited` / `pipeDelimited`: an array joined by `%20` / `|`.
 * - `allowReserved: true`: values by RFC 6570 reserved expansion, `:/?@!$'()*,;` and percent-encoded triples sent as
 *   they are, `[]#&=+` still encoded (OpenAPI 3.1.2 / 3.2.0 "URL Percent-Encoding"; names are always encoded).
 * - `contentType` with `json` in it, when the entry writes none of `style`, `explode`, `allowReserved` (which make
 *   `contentType` ignored, OpenAPI 3.1 §4.8.15): the value as JSON text (`filter={"a":1}` encoded).
 * - `undefined` and `null` leave the property out; `""` sends `key=`; a Date is sent as RFC 3339 (ISO 8601).
 * @throws BodyRejection for a body that is not a plain object, or a value that is binary, a function, a symbol or
 *   an instance of a class other than Date, naming its JSON pointer.
 */
export function encodeForm(body: unknown, encoding: Readonly<Record<string, PropertyEncoding>> | undefined): string {
  if (!isPlainObject(body))
    throw new BodyRejection("", `a form body is an object of fields, got ${describeValue(body)}; pass a plain object`);
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    checkFormValue(value, childPointer("", name));
    const entry = encoding?.[name];
    const piece = encodeProperty(name, value, entry);
    if (piece !== "") pairs.push(piece);
  }
  return pairs.join("&");
}

function encodeProperty(name: string, value: unknown, entry: PropertyEncoding | undefined): string {
  const styled = entry?.style !== undefined || entry?.explode !== undefined || entry?.allowReserved !== undefined;
  if (!styled && entry?.contentType !== undefined && /json/i.test(entry.contentType))
    return `${encode(name)}=${encode(JSON.stringify(value))}`;
  const style = entry?.style ?? (entry === undefined && isStructured(value) ? "deepObject" : "form");
  const explode = entry?.explode ?? style === "form";
  const reserved = entry?.allowReserved === true;
  const text = reserved ? (v: unknown) => encodeReserved(scalar(v)) : (v: unknown) => encode(scalar(v));
  if (style === "deepObject") return brackets(name, value, reserved);
  if (Array.isArray(value)) {
    const items = value.filter((item) => item !== undefined && item !== null);
    if (items.some((item) => typeof item === "object" && !(item instanceof Date)))
      return brackets(name, value, reserved);
    if (style === "form" && explode) return items.map((item) => `${encode(name)}=${text(item)}`).join("&");
    const separator = style === "spaceDelimited" ? "%20" : style === "pipeDelimited" ? "|" : ",";
    return `${encode(name)}=${items.map(text).join(separator)}`;
  }
  if (typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== null);
    if (entries.some(([, v]) => typeof v === "object" && !(v instanceof Date))) return brackets(name, value, reserved);
    if (explode) return entries.map(([k, v]) => `${encode(k)}=${text(v)}`).join("&");
    return `${encode(name)}=${entries.map(([k, v]) => `${encode(k)},${text(v)}`).join(",")}`;
  }
  return `${encode(name)}=${text(value)}`;
}

/**
 * `name` and `value` in bracket notation (qs, brackets kept literal as stripe-node sends them); values by reserved
 * expansion when `reserved` (`allowReserved: true`).
 */
function brackets(name: string, value: unknown, reserved: boolean): string {
  return stringify({ [name]: value }, reserved ? RESERVED_BRACKETS : BRACKETS)
    .replace(/%5B/g, "[")
    .replace(/%5D/g, "]");
}

/** An object that is not an array or a Date: without an `encoding` entry it goes in bracket notation. */
function isStructured(value: unknown): boolean {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function scalar(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** RFC 3986 percent-encoding of a form key or value (unreserved characters kept, as qs does). */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Whether `value` is an object literal (or made by `Object.create(null)`). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Refuses what a form field cannot carry, at any depth: binary values (send them as multipart/form-data),
 * functions, symbols, and instances of classes other than Date (a Map or a class instance would be sent as
 * `[object Object]` or nothing).
 */
function checkFormValue(value: unknown, pointer: string): void {
  if (value === undefined || value === null) return;
  const type = typeof value;
  if (type === "string" || type === "number" || type === "boolean" || type === "bigint") return;
  if (type === "function" || type === "symbol")
    throw new BodyRejection(
      pointer,
      `a form field takes strings, numbers, booleans, arrays and plain objects, got ${describeValue(value)}`,
    );
  if (value instanceof Date) return;
  if (isBinaryValue(value))
    throw new BodyRejection(
      pointer,
      `a form field cannot carry ${describeValue(value)} (binary); send files with multipart/form-data (contentType option) or pass text`,
    );
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      checkFormValue(item, childPointer(pointer, index));
    });
    return;
  }
  if (!isPlainObject(value))
    throw new BodyRejection(
      pointer,
      `a form field takes strings, numbers, booleans, arrays and plain objects, got ${describeValue(value)}; convert it to a plain object or a string`,
    );
  for (const [key, item] of Object.entries(value)) checkFormValue(item, childPointer(pointer, key));
}
