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
  const headerLines: string[] = [];
  const cookieLines: string[] = [];
  const queryLines: string[] = [];
  for (const s of schemes) {
    const c = s.credential;
    const value = `auth.${s.field}`;
    if (c.kind === "bearer")
      headerLines.push(`if (${value} !== undefined) request.headers.set("authorization", \`Bearer \${${value}}\`);`);
    else if (c.kind === "basic")
      headerLines.push(
        `if (${value} !== undefined) request.headers.set("authorization", \`Basic \${base64(\`\${${value}.username}:\${${value}.password}\`)}\`);`,
      );
    else if (c.kind === "authorization")
      headerLines.push(
        `if (${value} !== undefined) request.headers.set("authorization", \`${c.scheme} \${${value}}\`);`,
      );
    else if (c.in === "header")
      headerLines.push(`if (${value} !== undefined) request.headers.set(${stringLiteral(c.name)}, ${value});`);
    else if (c.in === "cookie")
      cookieLines.push(
        `if (${value} !== undefined) cookies.push(\`\${encodeURIComponent(${stringLiteral(c.name)})}=\${encodeURIComponent(${value})}\`);`,
      );
    else queryLines.push(`if (${value} !== undefined) url.searchParams.set(${stringLiteral(c.name)}, ${value});`);
  }
  const body: string[] = [...headerLines];
  if (cookieLines.length > 0) {
    body.push(
      "const cookies: string[] = [];",
      ...cookieLines,
      'if (cookies.length > 0) request.headers.set("cookie", [request.headers.get("cookie"), ...cookies].filter(Boolean).join("; "));',
    );
  }
  if (queryLines.length > 0) {
    body.push(
      "const url = new URL(request.url);",
      ...queryLines,
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
    (usesBase64
      ? `\n/** Base64 of the UTF-8 bytes of \`text\` (RFC 7617 §2.1 with charset UTF-8). */\nfunction base64(text: string): string {\n  let binary = "";\n  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);\n  return btoa(binary);\n}\n`
      : "")
  );
}
