import type { SecuritySchemeModel } from "./collect-security-schemes.js";
import { jsDoc, stringLiteral } from "./internal/code-text.js";

/** The `<Name>Auth` interface: one optional field per security scheme. */
export function emitAuthInterface(typeName: string, schemes: readonly SecuritySchemeModel[], title: string): string {
  const fields = schemes.map((s) => {
    const c = s.credential;
    const how =
      c.kind === "bearer"
        ? "a bearer token, sent as `Authorization: Bearer <token>`."
        : c.kind === "basic"
          ? "HTTP basic credentials, sent as `Authorization: Basic base64(username:password)`."
          : c.kind === "authorization"
            ? `credentials sent as \`Authorization: ${c.scheme} <credentials>\`.`
            : `an API key sent in ${c.in} ${c.in === "header" ? "" : "parameter "}\`${c.name}\`.`;
    const type =
      c.kind === "basic"
        ? "{ readonly username: string; readonly password: string }"
        : c.kind === "bearer" && c.oauth2 !== undefined
          ? "string | TokenProvider | ClientCredentials"
          : "string | TokenProvider";
    const oauth =
      c.kind === "bearer" && c.oauth2 !== undefined
        ? `OAuth 2.0 client credentials (\`{ clientId, clientSecret }\`) fetch and renew the token from \`${c.oauth2.tokenUrl}\`.`
        : undefined;
    return `${jsDoc([`Security scheme \`${s.schemeName}\`: ${how}`, c.kind === "basic" ? undefined : "A token provider is read before every attempt.", oauth, s.description], "  ")}  readonly ${s.field}?: ${type};`;
  });
  return `${jsDoc([`Credentials for ${title}, set once at construction and sent on every request. Set the ones your calls need.`])}export interface ${typeName} {\n${fields.join("\n")}\n}\n`;
}

/**
 * The spec's security schemes as `@outbound/resilience`'s declarative `AuthScheme[]` (field, kind, and for API keys
 * where and under which name), which its auth middleware reads; one scheme a line, indented by `indent`. Names are
 * string literals, never code.
 */
export function emitAuthSchemes(schemes: readonly SecuritySchemeModel[], indent: string): string {
  const entries = schemes.map((scheme) => {
    const c = scheme.credential;
    const parts = [`field: ${stringLiteral(scheme.field)}`, `kind: ${stringLiteral(c.kind)}`];
    if (c.kind === "authorization") parts.push(`scheme: ${stringLiteral(c.scheme)}`);
    if (c.kind === "apiKey") parts.push(`in: ${stringLiteral(c.in)}`, `name: ${stringLiteral(c.name)}`);
    if (c.kind === "bearer" && c.oauth2 !== undefined) {
      const scopes = c.oauth2.scopes.map(stringLiteral).join(", ");
      parts.push(`oauth2: { tokenUrl: ${stringLiteral(c.oauth2.tokenUrl)}, scopes: [${scopes}] }`);
    }
    return `{ ${parts.join(", ")} }`;
  });
  if (entries.length === 0) return "[]";
  return `[\n${entries.map((e) => `${indent}  ${e},\n`).join("")}${indent}]`;
}
