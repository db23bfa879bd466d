/**
 * Query string serialisation per parameter, as the spec declares it (OpenAPI 3.1 §4.8.12.4 `style`, `explode`,
 * `allowReserved`; examples of §4.8.12.4.1). openapi-fetch (0.17) applies one array style and one object style
 * to every parameter of a request; a spec can give each parameter its own, so generated code passes the function
 * this module builds as openapi-fetch's `querySerializer`.
 */

import { encodeReserved } from "./internal/reserved-expansion.js";

/** How one query parameter is serialised (OpenAPI 3.1 §4.8.12.4). */
export interface QueryParameterStyle {
  /** @default "form" (the default style of `in: query`) */
  readonly style?: "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";
  /** @default true for `form`, false for every other style (OpenAPI 3.1 §4.8.12.4) */
  readonly explode?: boolean;
  /**
   * Send values by RFC 6570 reserved expansion: the RFC 3986 reserved characters `:/?@!$'()*,;` and percent-encoded
   * triples as they are. `[`, `]`, `#` (not allowed in a query, RFC 3986 §3.4) and `&`, `=`, `+` (form-urlencoded
   * delimiters and space) are encoded even then, as OpenAPI 3.1.2 / 3.2.0 "URL Percent-Encoding" requires.
   * @default false
   */
  readonly allowReserved?: boolean;
}

/** A query serialiser as openapi-fetch takes it: query object in, query string (no leading `?`) out. */
export type QuerySerializer = (query: Readonly<Record<string, unknown>>) => string;

function encoder(allowReserved: boolean): (value: unknown) => string {
  return allowReserved ? (value) => encodeReserved(String(value)) : (value) => encodeURIComponent(String(value));
}

const DELIMITERS = { form: ",", spaceDelimited: "%20", pipeDelimited: "|" } as const;

function serializeArray(name: string, items: readonly unknown[], style: QueryParameterStyle): string[] {
  const kind = style.style ?? "form";
  const explode = style.explode ?? kind === "form";
  const encode = encoder(style.allowReserved === true);
  const key = encodeURIComponent(name);
  const present = items.filter((item) => item !== undefined && item !== null);
  if (present.length === 0) return [];
  if (explode || kind === "deepObject") return present.map((item) => `${key}=${encode(item)}`);
  return [`${key}=${present.map(encode).join(DELIMITERS[kind])}`];
}

function serializeObject(
  name: string,
  value: Readonly<Record<string, unknown>>,
  style: QueryParameterStyle,
  declared: boolean,
): string[] {
  // A declared parameter takes the spec's default style (form); an undeclared one openapi-fetch's (deepObject).
  const kind = style.style ?? (declared ? "form" : "deepObject");
  const explode = style.explode ?? (kind === "form" || kind === "deepObject");
  const encode = encoder(style.allowReserved === true);
  const key = encodeURIComponent(name);
  const entries = Object.entries(value).filter(([, item]) => item !== undefined && item !== null);
  if (entries.length === 0) return [];
  if (kind === "deepObject") return entries.map(([k, item]) => `${key}[${encodeURIComponent(k)}]=${encode(item)}`);
  if (explode) return entries.map(([k, item]) => `${encodeURIComponent(k)}=${encode(item)}`);
  const flat = entries.flatMap(([k, item]) => [encodeURIComponent(k), encode(item)]);
  return [`${key}=${flat.join(kind === "form" ? "," : DELIMITERS[kind])}`];
}

/**
 * Builds a query serialiser that follows each parameter's `style` and `explode`:
 * - arrays: `form` + explode → `id=3&id=4&id=5`; `form` → `id=3,4,5`; `spaceDelimited` → `id=3%204%205`;
 *   `pipeDelimited` → `id=3|4|5` (exploded forms of the last two repeat the name like `form`);
 * - objects: `deepObject` → `color[R]=100&color[G]=200`; `form` + explode → `R=100&G=200`; `form` →
 *   `color=R,100,G,200`;
 * - primitives: `name=value`. `undefined` and `null` values and empty arrays/objects are left out.
 * Values are percent-encoded (`encodeURIComponent`, so a delimiter inside a value stays distinguishable), or by
 * reserved expansion under `allowReserved` (see {@link QueryParameterStyle.allowReserved}). A declared parameter without `style` takes the spec default (`form`, exploded); one absent
 * from `parameters` takes openapi-fetch's defaults (arrays `form` exploded, objects `deepObject`). Parameters are written in the query object's key order.
 * @param parameters style per query parameter name, as generated into `OperationMeta.query`.
 */
export function createQuerySerializer(parameters: Readonly<Record<string, QueryParameterStyle>> = {}): QuerySerializer {
  return (query) => {
    const parts: string[] = [];
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      const declared = Object.hasOwn(parameters, name);
      const style = declared ? (parameters[name] ?? {}) : {};
      if (Array.isArray(value)) parts.push(...serializeArray(name, value, style));
      else if (typeof value === "object")
        parts.push(...serializeObject(name, value as Record<string, unknown>, style, declared));
      else parts.push(`${encodeURIComponent(name)}=${encoder(style.allowReserved === true)(value)}`);
    }
    return parts.join("&");
  };
}
