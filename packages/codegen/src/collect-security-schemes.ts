import { camelCase, dedupeNames, safeIdentifier, words } from "./internal/identifiers.js";
import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";

/** How a credential travels (OpenAPI 3.1 §4.8.27 Security Scheme Object). */
export type CredentialKind =
  | {
      readonly kind: "bearer";
      /** An `oauth2` scheme's client credentials flow: its token URL and the scopes the security requirements name. */
      readonly oauth2?: { readonly tokenUrl: string; readonly scopes: readonly string[] };
    }
  | { readonly kind: "basic" }
  | { readonly kind: "authorization"; readonly scheme: string }
  | { readonly kind: "apiKey"; readonly in: "header" | "query" | "cookie"; readonly name: string };

/** One security scheme as a field of the client's `auth` option. */
export interface SecuritySchemeModel {
  /** The scheme's key in `components.securitySchemes`. */
  readonly schemeName: string;
  /** The `auth` field name (camelCase, distinct). */
  readonly field: string;
  readonly credential: CredentialKind;
  readonly description: string | undefined;
}

/**
 * Reads `components.securitySchemes` in spec order. `http` bearer, `oauth2` and `openIdConnect` take a bearer
 * token (`Authorization: Bearer`); `http` basic takes username and password; another `http` scheme (token characters
 * only, no backtick) takes the credentials sent after its scheme name; `apiKey` is sent in its header, query parameter or cookie.
 * `mutualTLS` is configured on the transport, not here, and is left out.
 */
export function collectSecuritySchemes(document: Record<string, unknown>): SecuritySchemeModel[] {
  const components = isRecord(document.components) ? document.components : {};
  const schemes = isRecord(components.securitySchemes) ? components.securitySchemes : {};
  const found: Omit<SecuritySchemeModel, "field">[] = [];
  for (const [schemeName, raw] of Object.entries(schemes)) {
    const scheme = resolveLocalRef(document, raw);
    if (!isRecord(scheme)) continue;
    const credential = credentialOf(scheme, () => requiredScopes(document, schemeName));
    if (credential) {
      found.push({
        schemeName,
        credential,
        description: typeof scheme.description === "string" ? scheme.description : undefined,
      });
    }
  }
  const fields = dedupeNames(found.map((s) => safeIdentifier(camelCase(words(s.schemeName)), "credentials")));
  return found.map((s, i) => ({ ...s, field: fields[i] as string }));
}

/**
 * The scopes the document's security requirements (root and every operation; OpenAPI 3.1 §4.8.30) name for
 * `schemeName`, deduplicated, in first-seen order.
 */
function requiredScopes(document: Record<string, unknown>, schemeName: string): string[] {
  const requirements: unknown[] = Array.isArray(document.security) ? [...document.security] : [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const item of Object.values(paths)) {
    const pathItem = resolveLocalRef(document, item);
    if (!isRecord(pathItem)) continue;
    for (const operation of Object.values(pathItem))
      if (isRecord(operation) && Array.isArray(operation.security)) requirements.push(...operation.security);
  }
  const scopes = requirements.flatMap((r) => {
    const listed = isRecord(r) ? r[schemeName] : undefined;
    return Array.isArray(listed) ? listed.filter((s): s is string => typeof s === "string") : [];
  });
  return [...new Set(scopes)];
}

function credentialOf(scheme: Record<string, unknown>, scopes: () => string[]): CredentialKind | undefined {
  if (scheme.type === "oauth2") {
    const flow = isRecord(scheme.flows) ? scheme.flows.clientCredentials : undefined;
    const tokenUrl = isRecord(flow) && typeof flow.tokenUrl === "string" ? flow.tokenUrl : undefined;
    return tokenUrl === undefined ? { kind: "bearer" } : { kind: "bearer", oauth2: { tokenUrl, scopes: scopes() } };
  }
  if (scheme.type === "openIdConnect") return { kind: "bearer" };
  if (scheme.type === "http" && typeof scheme.scheme === "string") {
    const name = scheme.scheme.toLowerCase();
    if (name === "bearer") return { kind: "bearer" };
    if (name === "basic") return { kind: "basic" };
    return /^[A-Za-z0-9!#$%&'*+.^_|~-]+$/.test(scheme.scheme)
      ? { kind: "authorization", scheme: scheme.scheme }
      : undefined;
  }
  if (scheme.type === "apiKey" && typeof scheme.name === "string" && scheme.name.length > 0) {
    if (scheme.in === "header" || scheme.in === "query" || scheme.in === "cookie")
      return { kind: "apiKey", in: scheme.in, name: scheme.name };
  }
  return undefined;
}
