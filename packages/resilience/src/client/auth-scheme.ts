import type { Middleware } from "openapi-fetch";
import { InvalidOptionsError } from "../invalid-options-error.js";

/**
 * How one security scheme of a spec sends its credential (OpenAPI 3.1 §4.8.27 Security Scheme Object), as a generated
 * client describes it. `field` is the scheme's field in the client's `auth` option.
 * - `bearer`: `Authorization: Bearer <token>` (`http` bearer, `oauth2`, `openIdConnect`; RFC 6750 §2.1).
 * - `basic`: `Authorization: Basic base64(username:password)`, UTF-8 (RFC 7617 §2.1); the credential is
 *   `{ username, password }`.
 * - `authorization`: `Authorization: <scheme> <credentials>` for another `http` scheme (`scheme` is a token).
 * - `apiKey`: the key sent as-is in header `name`, query parameter `name` or cookie `name` (both percent-encoded).
 */
export type AuthScheme =
  | { readonly field: string; readonly kind: "bearer" }
  | { readonly field: string; readonly kind: "basic" }
  | { readonly field: string; readonly kind: "authorization"; readonly scheme: string }
  | {
      readonly field: string;
      readonly kind: "apiKey";
      readonly in: "header" | "query" | "cookie";
      readonly name: string;
    };

/** HTTP basic credentials (RFC 7617). */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** Lower-case header names and query parameter names that carry the secrets of `schemes` (redacted everywhere). */
export function secretsOf(schemes: readonly AuthScheme[]): { secretHeaders: string[]; secretQueryParams: string[] } {
  const headers = new Set<string>();
  const query = new Set<string>();
  for (const scheme of schemes) {
    if (scheme.kind !== "apiKey") headers.add("authorization");
    else if (scheme.in === "header") headers.add(scheme.name.toLowerCase());
    else if (scheme.in === "cookie") headers.add("cookie");
    else query.add(scheme.name);
  }
  return { secretHeaders: [...headers].sort(), secretQueryParams: [...query].sort() };
}

type Placement = { readonly where: "header" | "query" | "cookie"; readonly name: string; readonly value: string };

/**
 * An openapi-fetch middleware that sends the credentials in `auth` (the client's `auth` option) as `schemes` say, on
 * every request: headers are set in place, cookies appended to any `cookie` header, query parameters appended
 * (percent-encoded, the rest of the query left byte for byte) by rebuilding the request with its body bytes. What
 * each request gets is encoded once, here. `undefined` when `auth` sets no credential.
 * @throws InvalidOptionsError (at construction) when `auth` is not an object, names a field no scheme has, or a
 *   credential has the wrong shape (a string without CR, LF or NUL; `{ username, password }` strings for `basic`).
 */
export function createAuthMiddleware(schemes: readonly AuthScheme[], auth: unknown): Middleware | undefined {
  if (auth === undefined) return undefined;
  const placements = placementsOf(schemes, auth);
  if (placements.length === 0) return undefined;
  const headers = placements.filter((p) => p.where === "header").map((p): [string, string] => [p.name, p.value]);
  const cookies = encodedPairs(placements, "cookie", "; ");
  const query = encodedPairs(placements, "query", "&");
  return {
    async onRequest({ request }) {
      for (const [name, value] of headers) request.headers.set(name, value);
      if (cookies !== "") {
        const given = request.headers.get("cookie");
        request.headers.set("cookie", given ? `${given}; ${cookies}` : cookies);
      }
      if (query === "") return request;
      // Appended to the query as serialised, so the other parameters keep their bytes (styles, allowReserved).
      const url = new URL(request.url);
      url.search = `${url.search === "" ? "" : `${url.search}&`}${query}`;
      const body = request.body === null ? null : await request.arrayBuffer();
      return new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal });
    },
  };
}

/** `name=value` pairs (both percent-encoded) of the placements `where`, joined by `separator`; "" when none. */
function encodedPairs(placements: readonly Placement[], where: "cookie" | "query", separator: string): string {
  return placements
    .filter((p) => p.where === where)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value)}`)
    .join(separator);
}

/** Where each credential given goes, validated once. */
function placementsOf(schemes: readonly AuthScheme[], auth: unknown): Placement[] {
  if (typeof auth !== "object" || auth === null) {
    throw new InvalidOptionsError(
      "auth",
      `expected an object, got ${typeof auth}`,
      "Pass { <scheme field>: <credential> }",
    );
  }
  const given = auth as Readonly<Record<string, unknown>>;
  const known = new Set(schemes.map((s) => s.field));
  for (const field of Object.keys(given)) {
    if (!known.has(field)) {
      const fields = [...known].join(", ") || "none";
      throw new InvalidOptionsError(
        `auth.${field}`,
        "no security scheme of the spec has this field",
        `Use one of: ${fields}`,
      );
    }
  }
  const placements: Placement[] = [];
  for (const scheme of schemes) {
    const value = given[scheme.field];
    if (value !== undefined) placements.push(placementOf(scheme, value));
  }
  return placements;
}

function placementOf(scheme: AuthScheme, value: unknown): Placement {
  const option = `auth.${scheme.field}`;
  if (scheme.kind === "basic") {
    const { username, password } = (
      typeof value === "object" && value !== null ? value : {}
    ) as Partial<BasicCredentials>;
    if (typeof username !== "string" || typeof password !== "string") {
      throw new InvalidOptionsError(option, "expected { username, password } strings", "Pass both as strings");
    }
    return { where: "header", name: "authorization", value: `Basic ${base64(`${username}:${password}`)}` };
  }
  if (typeof value !== "string") {
    throw new InvalidOptionsError(option, `expected a string, got ${typeof value}`, "Pass the credential as a string");
  }
  if (/[\r\n\0]/.test(value)) {
    throw new InvalidOptionsError(option, "contains CR, LF or NUL", "Pass the credential without line breaks");
  }
  if (scheme.kind === "bearer") return { where: "header", name: "authorization", value: `Bearer ${value}` };
  if (scheme.kind === "authorization")
    return { where: "header", name: "authorization", value: `${scheme.scheme} ${value}` };
  return { where: scheme.in, name: scheme.name, value };
}

/** Base64 of the UTF-8 bytes of `text` (RFC 7617 §2.1 with charset UTF-8). */
function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
