import { getByPointer, isRecord } from "./json-pointer.js";
import type { Outcome } from "./outcome.js";
import { problemOutcome } from "./problem-response.js";
import type { Route } from "./route-table.js";
import type { ServerState } from "./server-state.js";

/**
 * Decides whether an `Authorization` header value carries a valid token, optionally holding `scope`
 * (`startOAuthTokenEndpoint()`'s endpoint is one).
 */
export interface TokenVerifier {
  verify(authorization: string | undefined, scope?: string): boolean;
}

/** Per route: the alternatives of its security requirements, each the scopes it needs (none for a plain bearer). */
type Requirements = readonly (readonly string[])[];

const guards = new WeakMap<ServerState, { verifier: TokenVerifier; requirements: Map<Route, Requirements> }>();

/**
 * Makes `state`'s server require tokens that `verifier` accepts on every operation whose security requirements
 * (the operation's `security`, else the root's; OpenAPI 3.1 §4.8.10) are not empty. One requirement met is enough:
 * an `oauth2`/`openIdConnect` one needs the token to hold each of its scopes, any other one a valid token.
 */
export function requireTokens(state: ServerState, verifier: TokenVerifier): void {
  const document = state.document;
  const schemes = getByPointer(document, "#/components/securitySchemes");
  const requirements = new Map<Route, Requirements>();
  for (const route of state.routes) {
    const operation = getByPointer(document, route.pointer);
    const security = isRecord(operation) && Array.isArray(operation.security) ? operation.security : document.security;
    if (!Array.isArray(security) || security.length === 0) continue;
    const alternatives = security.filter(isRecord).map((requirement) =>
      Object.entries(requirement).flatMap(([name, scopes]) => {
        const scheme = isRecord(schemes) ? schemes[name] : undefined;
        const scoped = isRecord(scheme) && (scheme.type === "oauth2" || scheme.type === "openIdConnect");
        return scoped && Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : [];
      }),
    );
    // `{}` among the alternatives makes security optional (OpenAPI 3.1 §4.8.30).
    if (security.some((r) => isRecord(r) && Object.keys(r).length === 0)) continue;
    requirements.set(route, alternatives);
  }
  guards.set(state, { verifier, requirements });
}

/**
 * The 401 answer for a request whose `Authorization` header meets none of the route's requirements, with
 * `WWW-Authenticate: Bearer` (RFC 6750 §3: `error="invalid_token"` when a token was sent), or undefined when it
 * passes or the server requires no tokens.
 */
export function tokenDenial(state: ServerState, route: Route, authorization: string | undefined): Outcome | undefined {
  const guard = guards.get(state);
  const alternatives = guard?.requirements.get(route);
  if (guard === undefined || alternatives === undefined) return undefined;
  const passes = alternatives.some((scopes) =>
    scopes.length === 0
      ? guard.verifier.verify(authorization)
      : scopes.every((scope) => guard.verifier.verify(authorization, scope)),
  );
  if (passes) return undefined;
  const challenge =
    authorization === undefined ? 'Bearer realm="testkit"' : 'Bearer realm="testkit", error="invalid_token"';
  const detail =
    authorization === undefined
      ? "This operation needs an access token (Authorization: Bearer <token>)."
      : "The access token is invalid, expired, revoked or lacks a scope this operation needs.";
  return problemOutcome(state.document, route, 401, detail, { "www-authenticate": challenge });
}
