import type { Middleware } from "openapi-fetch";
import type { AttemptCredentials, CredentialSet } from "../auth/attempt-credentials.js";
import { tokenCacheFor } from "../auth/token-caches.js";
import type { ClientCredentials } from "../auth/token-provider.js";
import { InvalidOptionsError } from "../invalid-options-error.js";
import { InvalidRequestError } from "../invalid-request-error.js";
import type { ResilienceOptions } from "../options.js";

/**
 * How one security scheme of a spec sends its credential (OpenAPI 3.1 §4.8.27 Security Scheme Object), as a generated
 * client describes it. `field` is the scheme's field in the client's `auth` option.
 * - `bearer`: `Authorization: Bearer <token>` (`http` bearer, `oauth2`, `openIdConnect`; RFC 6750 §2.1). An `oauth2`
 *   scheme with a client credentials flow carries its `tokenUrl` and the scopes the spec's security requirements
 *   name, and then also takes {@link ClientCredentials}.
 * - `basic`: `Authorization: Basic base64(username:password)`, UTF-8 (RFC 7617 §2.1); the credential is
 *   `{ username, password }`.
 * - `authorization`: `Authorization: <scheme> <credentials>` for another `http` scheme (`scheme` is a token).
 * - `apiKey`: the key sent as-is in header `name`, query parameter `name` or cookie `name` (both percent-encoded).
 */
export type AuthScheme =
  | {
      readonly field: string;
      readonly kind: "bearer";
      readonly oauth2?: { readonly tokenUrl: string; readonly scopes: readonly string[] };
    }
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

/** A credential read before every attempt: a token provider's, or an OAuth access token. */
interface DynamicPlacement {
  readonly where: "header" | "query" | "cookie";
  readonly name: string;
  readonly field: string;
  /** The bare token or key (checked: no CR, LF or NUL). */
  readonly token: () => Promise<string>;
  /** What is sent for `token` (e.g. `Bearer <token>`). */
  readonly format: (token: string) => string;
  /** After a 401: drops `token` so the next attempt gets a new one; OAuth only. */
  readonly renew?: (token: string) => void;
}

/** What a client's `auth` option becomes: fixed credentials set once per call, and those read per attempt. */
export interface ClientCredentialsPlan {
  /** openapi-fetch middleware for the fixed credentials; undefined when there are none. */
  readonly middleware: Middleware | undefined;
  /** Token providers and OAuth client credentials; undefined when there are none. */
  readonly attempt: AttemptCredentials | undefined;
}

/**
 * Splits `auth` (the client's `auth` option) by `schemes`: fixed strings become an openapi-fetch middleware
 * ({@link createAuthMiddleware}); token providers and OAuth client credentials become {@link AttemptCredentials},
 * read before every attempt. `client` names the downstream and gives the options the token requests run with.
 * @throws InvalidOptionsError (at construction) as {@link createAuthMiddleware} does, and for client credentials
 *   given to a scheme without a client credentials flow and no `tokenUrl`, or with an empty id or secret.
 */
export function planCredentials(
  schemes: readonly AuthScheme[],
  auth: unknown,
  client: { readonly name: string; readonly options: ResilienceOptions },
): ClientCredentialsPlan {
  if (auth === undefined) return { middleware: undefined, attempt: undefined };
  const placements = placementsOf(schemes, auth, client);
  const fixed = placements.filter((p): p is Placement => typeof p.value === "string");
  const dynamic = placements.filter((p): p is Placement & DynamicPlacement => typeof p.value !== "string");
  return {
    middleware: middlewareOf(fixed),
    attempt: dynamic.length === 0 ? undefined : attemptCredentialsOf(dynamic, client.name),
  };
}

/**
 * An openapi-fetch middleware that sends the credentials in `auth` (the client's `auth` option) as `schemes` say, on
 * every request: headers are set in place, cookies appended to any `cookie` header, query parameters appended
 * (percent-encoded, the rest of the query left byte for byte) by rebuilding the request with its body bytes. What
 * each request gets is encoded once, here. `undefined` when `auth` sets no fixed credential (token providers and
 * client credentials are read per attempt instead; see {@link planCredentials}).
 * @throws InvalidOptionsError (at construction) when `auth` is not an object, names a field no scheme has, or a
 *   credential has the wrong shape (a string without CR, LF or NUL, or a function; `{ username, password }` strings
 *   for `basic`; client credentials for an `oauth2` scheme).
 */
export function createAuthMiddleware(schemes: readonly AuthScheme[], auth: unknown): Middleware | undefined {
  return planCredentials(schemes, auth, { name: "auth", options: {} }).middleware;
}

function middlewareOf(placements: readonly Placement[]): Middleware | undefined {
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

/** The per-attempt credentials of `dynamic`: every token read (in parallel), then encoded as the placements say. */
function attemptCredentialsOf(dynamic: readonly DynamicPlacement[], downstream: string): AttemptCredentials {
  const sentTokens = new WeakMap<CredentialSet, readonly string[]>();
  return {
    async forAttempt() {
      const tokens = await Promise.all(dynamic.map((d) => d.token()));
      const values = dynamic.map((d, i): Placement => {
        const token = tokens[i] as string;
        if (/[\r\n\0]/.test(token)) {
          throw new InvalidRequestError({
            downstream,
            operationId: "auth",
            attempts: 0,
            location: "header",
            parameter: d.name,
            reason: `the token of auth.${d.field} holds CR, LF or NUL (RFC 9110 §5.5)`,
          });
        }
        return { where: d.where, name: d.name, value: d.format(token) };
      });
      const set: CredentialSet = {
        headers: values.filter((p) => p.where === "header").map((p) => [p.name, p.value] as const),
        cookies: encodedPairs(values, "cookie", "; "),
        query: encodedPairs(values, "query", "&"),
      };
      sentTokens.set(set, tokens);
      return set;
    },
    renewAfter401(used) {
      const tokens = sentTokens.get(used) ?? [];
      let renewed = false;
      dynamic.forEach((d, i) => {
        const token = tokens[i];
        if (d.renew !== undefined && token !== undefined) {
          d.renew(token);
          renewed = true;
        }
      });
      return renewed;
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
function placementsOf(
  schemes: readonly AuthScheme[],
  auth: unknown,
  client: { readonly name: string; readonly options: ResilienceOptions },
): (Placement | (DynamicPlacement & { readonly value: undefined }))[] {
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
  const placements: (Placement | (DynamicPlacement & { readonly value: undefined }))[] = [];
  for (const scheme of schemes) {
    const value = given[scheme.field];
    if (value !== undefined) placements.push(placementOf(scheme, value, client));
  }
  return placements;
}

function placementOf(
  scheme: AuthScheme,
  value: unknown,
  client: { readonly name: string; readonly options: ResilienceOptions },
): Placement | (DynamicPlacement & { readonly value: undefined }) {
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
  const where = scheme.kind === "apiKey" ? scheme.in : "header";
  const name = scheme.kind === "apiKey" ? scheme.name : "authorization";
  const format = (token: string) =>
    scheme.kind === "bearer"
      ? `Bearer ${token}`
      : scheme.kind === "authorization"
        ? `${scheme.scheme} ${token}`
        : token;
  const dynamic = { where, name, field: scheme.field, format, value: undefined } as const;
  if (typeof value === "function") {
    const provider = value as () => unknown;
    const token = async () => {
      const token = await provider();
      if (typeof token !== "string") throw new TypeError(`${option}: the token provider returned ${typeof token}`);
      return token;
    };
    return { ...dynamic, token };
  }
  if (typeof value === "object" && value !== null && scheme.kind === "bearer") {
    const cache = tokenCacheFor(
      clientCredentialsOf(option, scheme, value as ClientCredentials),
      client.name,
      client.options,
    );
    return { ...dynamic, token: () => cache.token(), renew: (token) => cache.invalidate(token) };
  }
  if (typeof value !== "string") {
    throw new InvalidOptionsError(
      option,
      `expected a string or a token provider function, got ${typeof value}`,
      "Pass the credential as a string, or () => string | Promise<string>",
    );
  }
  if (/[\r\n\0]/.test(value)) {
    throw new InvalidOptionsError(option, "contains CR, LF or NUL", "Pass the credential without line breaks");
  }
  return { where, name, value: format(value) };
}

/** `value` checked as client credentials of `scheme`, with the token URL and scopes filled in from the spec. */
function clientCredentialsOf(
  option: string,
  scheme: Extract<AuthScheme, { kind: "bearer" }>,
  value: ClientCredentials,
): ClientCredentials & { readonly tokenUrl: string; readonly scopes: readonly string[] } {
  const tokenUrl = value.tokenUrl ?? scheme.oauth2?.tokenUrl;
  if (tokenUrl === undefined) {
    throw new InvalidOptionsError(
      option,
      "client credentials need a token URL, and the spec declares no clientCredentials flow for this scheme",
      "Pass tokenUrl, or a bearer token string or provider",
    );
  }
  if (!URL.canParse(tokenUrl))
    throw new InvalidOptionsError(`${option}.tokenUrl`, "not an absolute URL", "Pass the token endpoint's URL");
  for (const key of ["clientId", "clientSecret"] as const) {
    if (typeof value[key] !== "string" || value[key] === "")
      throw new InvalidOptionsError(
        `${option}.${key}`,
        "expected a non-empty string",
        `Pass the OAuth client's ${key}`,
      );
  }
  const auth = value.clientAuthentication;
  if (auth !== undefined && auth !== "basic" && auth !== "body")
    throw new InvalidOptionsError(
      `${option}.clientAuthentication`,
      "expected basic or body",
      "Pass basic (the default) or body",
    );
  return { ...value, tokenUrl, scopes: value.scopes ?? scheme.oauth2?.scopes ?? [] };
}

/** Base64 of the UTF-8 bytes of `text` (RFC 7617 §2.1 with charset UTF-8). */
function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}
