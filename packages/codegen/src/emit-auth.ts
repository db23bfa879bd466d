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
    const type = c.kind === "basic" ? "{ readonly username: string; readonly password: string }" : "string";
    return `${jsDoc([`Security scheme \`${s.schemeName}\`: ${how}`, s.description], "  ")}  readonly ${s.field}?: ${type};`;
  });
  return `${jsDoc([`Credentials for ${title}, set once at construction and sent on every request. Set the ones your calls need.`])}export interface ${typeName} {\n${fields.join("\n")}\n}\n`;
}

/**
 * An openapi-fetch middleware that adds the credentials to every request (headers set in place; query parameters
 * by rebuilding the request with the body bytes). `undefined` when no credentials are given.
 */
export function emitAuthMiddleware(typeName: string, schemes: readonly SecuritySchemeModel[]): string {
  const lines = { header: [] as string[], cookie: [] as string[], query: [] as string[] };
  for (const scheme of schemes) {
    const [where, line] = credentialLine(scheme);
    lines[where].push(line);
  }
  const body: string[] = [...lines.header];
  if (lines.cookie.length > 0) {
    body.push(
      "const cookies: string[] = [];",
      ...lines.cookie,
      'if (cookies.length > 0) request.headers.set("cookie", [request.headers.get("cookie"), ...cookies].filter(Boolean).join("; "));',
    );
  }
  if (lines.query.length > 0) {
    body.push(
      "const url = new URL(request.url);",
      ...lines.query,
      "if (url.href === request.url) return request;",
      "const bytes = request.body === null ? null : await request.arrayBuffer();",
      "return new Request(url, { method: request.method, headers: request.headers, body: bytes, signal: request.signal });",
    );
  } else {
    body.push("return request;");
  }
  const usesBase64 = schemes.some((s) => s.credential.kind === "basic");
  return (
    `function authMiddleware(auth: ${typeName} | undefined): Middleware | undefined {\n` +
    `  if (auth === undefined) return undefined;\n` +
    `  return {\n    async onRequest({ request }) {\n${body.map((l) => `      ${l}`).join("\n")}\n    },\n  };\n}\n` +
    (usesBase64 ? BASE64_FUNCTION : "")
  );
}

const BASE64_FUNCTION = `
/** Base64 of the UTF-8 bytes of \`text\` (RFC 7617 §2.1 with charset UTF-8). */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
`;

/** The statement that sends one scheme's credential, and where it goes. Names are string literals, never code. */
function credentialLine(scheme: SecuritySchemeModel): ["header" | "cookie" | "query", string] {
  const c = scheme.credential;
  const value = `auth.${scheme.field}`;
  const when = `if (${value} !== undefined)`;
  switch (c.kind) {
    case "bearer":
      return ["header", `${when} request.headers.set("authorization", \`Bearer \${${value}}\`);`];
    case "basic":
      return [
        "header",
        `${when} request.headers.set("authorization", \`Basic \${base64(\`\${${value}.username}:\${${value}.password}\`)}\`);`,
      ];
    case "authorization":
      return ["header", `${when} request.headers.set("authorization", \`${c.scheme} \${${value}}\`);`];
    default:
      if (c.in === "header") return ["header", `${when} request.headers.set(${stringLiteral(c.name)}, ${value});`];
      if (c.in === "cookie")
        return [
          "cookie",
          `${when} cookies.push(\`\${encodeURIComponent(${stringLiteral(c.name)})}=\${encodeURIComponent(${value})}\`);`,
        ];
      return ["query", `${when} url.searchParams.set(${stringLiteral(c.name)}, ${value});`];
  }
}
