import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Options of {@link startOAuthTokenEndpoint}; every field optional. */
export interface OAuthTokenEndpointOptions {
  /** Registered clients: client id → client secret. @default { "test-client": "test-secret" } */
  readonly clients?: Readonly<Record<string, string>>;
  /** Lifetime of an issued token in seconds (`expires_in`). Short, so tests see expiry. @default 60 */
  readonly lifetimeSeconds?: number;
  /** Path of the token endpoint. @default "/oauth/token" */
  readonly path?: string;
}

/** One token request as the endpoint saw it (the client secret is never kept). */
export interface TokenRequestRecord {
  readonly clientId: string | undefined;
  /** How the client authenticated: HTTP Basic, body parameters, or not at all. */
  readonly clientAuthentication: "basic" | "body" | "none";
  readonly grantType: string | undefined;
  readonly scopes: readonly string[];
  /** The HTTP status answered. */
  readonly status: number;
}

/** A running OAuth 2.0 token endpoint (client credentials grant, RFC 6749 §4.4) on 127.0.0.1. */
export interface OAuthTokenEndpoint {
  /** The token URL, e.g. `http://127.0.0.1:1234/oauth/token`. */
  readonly tokenUrl: string;
  /** Every token request, in arrival order. */
  readonly requests: readonly TokenRequestRecord[];
  /**
   * Whether `authorization` (an `Authorization` header value) carries a token this endpoint issued that has neither
   * expired nor been revoked, and holds `scope` when given. A service's test server answers 401 when it is false.
   */
  verify(authorization: string | undefined, scope?: string): boolean;
  /** Revokes one token (its next use is refused), or every token issued so far when none is given. */
  revoke(accessToken?: string): void;
  /** Tokens issued so far, oldest first. */
  readonly issued: readonly string[];
  close(): Promise<void>;
}

interface Issued {
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  revoked: boolean;
}

/**
 * Starts an OAuth 2.0 token endpoint for tests: `POST <path>` with an `application/x-www-form-urlencoded` body
 * `grant_type=client_credentials` (and `scope`, space-delimited; RFC 6749 §3.3, §4.4.2), the client authenticated
 * by HTTP Basic or by `client_id`/`client_secret` body parameters (§2.3.1). It answers `{ access_token, token_type:
 * "Bearer", expires_in, scope }` (§5.1), or an error object with status 400 (`invalid_request`,
 * `unsupported_grant_type`) or 401 (`invalid_client`, §5.2). Tokens are random, short-lived, and can be revoked early.
 */
export async function startOAuthTokenEndpoint(options: OAuthTokenEndpointOptions = {}): Promise<OAuthTokenEndpoint> {
  const clients = options.clients ?? { "test-client": "test-secret" };
  const lifetimeSeconds = options.lifetimeSeconds ?? 60;
  const path = options.path ?? "/oauth/token";
  const tokens = new Map<string, Issued>();
  const requests: TokenRequestRecord[] = [];
  const issued: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const answer = (status: number, body: object, record: Omit<TokenRequestRecord, "status">) => {
        requests.push({ ...record, status });
        send(res, status, body);
      };
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const client = clientOf(req, form);
      const grantType = form.get("grant_type") ?? undefined;
      const scopes = (form.get("scope") ?? "").split(" ").filter((s) => s !== "");
      const record = { clientId: client.id, clientAuthentication: client.how, grantType, scopes };
      if (req.method !== "POST" || new URL(req.url ?? "/", "http://x").pathname !== path)
        return answer(404, { error: "not_found" }, record);
      if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"))
        return answer(400, { error: "invalid_request" }, record);
      if (client.id === undefined || clients[client.id] === undefined || clients[client.id] !== client.secret)
        return answer(401, { error: "invalid_client" }, record);
      if (grantType !== "client_credentials") return answer(400, { error: "unsupported_grant_type" }, record);
      const token = randomBytes(18).toString("base64url");
      tokens.set(token, { scopes, expiresAt: Date.now() + lifetimeSeconds * 1000, revoked: false });
      issued.push(token);
      answer(
        200,
        { access_token: token, token_type: "Bearer", expires_in: lifetimeSeconds, scope: scopes.join(" ") },
        record,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    tokenUrl: `http://127.0.0.1:${port}${path}`,
    requests,
    issued,
    verify(authorization, scope) {
      const token = /^Bearer (\S+)$/i.exec(authorization ?? "")?.[1];
      const entry = token === undefined ? undefined : tokens.get(token);
      if (entry === undefined || entry.revoked || Date.now() >= entry.expiresAt) return false;
      return scope === undefined || entry.scopes.includes(scope);
    },
    revoke(accessToken) {
      for (const [token, entry] of tokens) if (accessToken === undefined || token === accessToken) entry.revoked = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The client's id and secret from HTTP Basic (form-urlencoded parts, RFC 6749 §2.3.1) or the body. */
function clientOf(
  req: IncomingMessage,
  form: URLSearchParams,
): { id: string | undefined; secret: string | undefined; how: TokenRequestRecord["clientAuthentication"] } {
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
  if (basic !== undefined) {
    const [id, secret] = Buffer.from(basic, "base64").toString("utf8").split(":", 2);
    const decode = (part: string | undefined) =>
      part === undefined ? undefined : decodeURIComponent(part.replaceAll("+", " "));
    return { id: decode(id), secret: decode(secret), how: "basic" };
  }
  const id = form.get("client_id") ?? undefined;
  return { id, secret: form.get("client_secret") ?? undefined, how: id === undefined ? "none" : "body" };
}

function send(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
