/**
 * Token providers and OAuth 2.0 client credentials on real servers: a provider is read before every attempt; a token
 * is requested once per identity however many calls and clients ask at expiry; a 401 renews the token once and
 * replays the call once, whatever its class, and never loops.
 */
import type { IncomingMessage } from "node:http";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type AuthScheme,
  type ClientCredentials,
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  isOutboundError,
  type UnsafeCallOptions,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

interface paths {
  "/balance": { get: { responses: { 200: { content: { "application/json": { n: number } } } } } };
  "/transfers": { post: { responses: { 201: { content: { "application/json": { n: number } } } } } };
}
interface Ops {
  readonly getBalance: { readonly path: "/balance"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly createTransfer: {
    readonly path: "/transfers";
    readonly method: "post";
    readonly options: UnsafeCallOptions;
  };
}
const operations = defineOperations({
  getBalance: { operationId: "getBalance", method: "GET", path: "/balance", class: "idempotent" },
  createTransfer: { operationId: "createTransfer", method: "POST", path: "/transfers", class: "unsafe" },
});

const transport = createTransport();
const fast = { initialDelayMs: 1, maxDelayMs: 1, jitter: "none" } as const;

/** A token endpoint (RFC 6749 §4.4) and an API that accepts only the tokens it issued and has not revoked. */
class Bank {
  issued: string[] = [];
  revoked = new Set<string>();
  tokenRequests: { authorization: string | undefined; body: string }[] = [];
  /** Transfers made (side effects), by token. */
  transfers: string[] = [];
  /** Attempts the API answered 503 to, from the next one on. */
  busy = 0;
  lifetimeSeconds = 3600;
  constructor(
    readonly tokens: TestServer,
    readonly api: TestServer,
  ) {}
  get tokenUrl(): string {
    return `${this.tokens.url}/oauth/token`;
  }
  valid(req: IncomingMessage): string | undefined {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    return token !== undefined && this.issued.includes(token) && !this.revoked.has(token) ? token : undefined;
  }
}

async function startBank(): Promise<Bank> {
  let bank: Bank | undefined;
  const tokens = await startTestServer((req, res, seen) => {
    const b = bank as Bank;
    b.tokenRequests.push({ authorization: req.headers.authorization, body: seen.body.toString("utf8") });
    const token = `tok-${b.issued.length + 1}`;
    b.issued.push(token);
    json(res, 200, { access_token: token, token_type: "Bearer", expires_in: b.lifetimeSeconds });
  });
  const api = await startTestServer((req, res) => {
    const b = bank as Bank;
    const token = b.valid(req);
    if (token === undefined) return json(res, 401, { error: "invalid_token" }, { "www-authenticate": "Bearer" });
    if (b.busy > 0) {
      b.busy -= 1;
      return json(res, 503, { error: "busy" });
    }
    if (req.method === "POST") b.transfers.push(token);
    return json(res, req.method === "POST" ? 201 : 200, { n: 1 });
  });
  bank = new Bank(tokens, api);
  return bank;
}

const SCHEMES: readonly AuthScheme[] = [
  { field: "oauth", kind: "bearer", oauth2: { tokenUrl: "http://127.0.0.1:1/unused", scopes: ["transfers:write"] } },
  { field: "key", kind: "apiKey", in: "query", name: "api_key" },
];

function client(bank: Bank, auth: object) {
  return createOperationClient<paths, Ops>(
    { baseUrl: bank.api.url, transport, retry: { ...fast, maxAttempts: 3 }, auth },
    { name: "bank", auth: SCHEMES },
    operations,
  );
}

let bank: Bank;
const banks: Bank[] = [];
beforeEach(async () => {
  bank = await startBank();
  banks.push(bank);
});
afterAll(async () => {
  for (const b of banks) await Promise.all([b.tokens.close(), b.api.close()]);
  await transport.close();
});

const credentials = (extra: Partial<ClientCredentials> = {}): ClientCredentials => ({
  clientId: "shop id",
  clientSecret: "s3cr:t",
  tokenUrl: bank.tokenUrl,
  ...extra,
});

describe("token providers", () => {
  it("reads the provider before every attempt, so a retry sends the rotated token", async () => {
    bank.issued.push("rot-1", "rot-2");
    bank.busy = 1;
    let reads = 0;
    const rotating = client(bank, { oauth: () => `rot-${++reads}`, key: async () => "k 1" });
    const { data } = await rotating.getBalance();
    expect(data).toEqual({ n: 1 });
    expect(bank.api.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ["/balance?api_key=k%201", "Bearer rot-1"],
      ["/balance?api_key=k%201", "Bearer rot-2"],
    ]);
    expect(bank.tokenRequests).toEqual([]);
  });

  it("a provider's 401 is returned as it is: only renewable credentials are replayed", async () => {
    const stale = client(bank, { oauth: () => "never-issued" });
    const { response } = await stale.getBalance();
    expect(response.status).toBe(401);
    expect(bank.api.requests).toHaveLength(1);
  });
});

describe("OAuth 2.0 client credentials", () => {
  it("posts a flat form with HTTP Basic client authentication, the spec's scopes, and caches the token", async () => {
    const shop = client(bank, { oauth: credentials() });
    await shop.getBalance();
    await shop.getBalance();
    expect(bank.tokenRequests).toEqual([
      {
        authorization: `Basic ${Buffer.from("shop+id:s3cr%3At").toString("base64")}`,
        body: "grant_type=client_credentials&scope=transfers%3Awrite",
      },
    ]);
    const token = bank.tokens.requests[0];
    expect([token?.method, token?.headers["content-type"]]).toEqual([
      "POST",
      "application/x-www-form-urlencoded;charset=UTF-8",
    ]);
    expect(bank.api.requests.map((r) => r.headers.authorization)).toEqual(["Bearer tok-1", "Bearer tok-1"]);
  });

  it("sends client_id and client_secret in the body when asked to", async () => {
    const shop = client(bank, { oauth: credentials({ clientAuthentication: "body", scopes: ["a", "b"] }) });
    await shop.getBalance();
    expect(bank.tokenRequests).toEqual([
      {
        authorization: undefined,
        body: "grant_type=client_credentials&scope=a+b&client_id=shop+id&client_secret=s3cr%3At",
      },
    ]);
  });

  it("100 concurrent calls across two clients at token expiry make exactly one token request", async () => {
    let now = 1_000_000;
    const clock = () => now;
    const first = client(bank, { oauth: credentials({ now: clock }) });
    const second = client(bank, { oauth: credentials({ now: clock }) });
    await first.getBalance();
    expect(bank.tokenRequests).toHaveLength(1);
    now += 3_600_000; // tok-1 has expired
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? first : second).getBalance()),
    );
    expect(results.map((r) => r.response.status)).toEqual(Array(100).fill(200));
    expect(bank.tokenRequests).toHaveLength(2);
    const after = bank.api.requests.slice(1).map((r) => r.headers.authorization);
    expect(after).toEqual(Array(100).fill("Bearer tok-2"));
  });

  it("refreshes ahead of expiry in the background: the call goes on with the current token", async () => {
    let now = 5_000_000;
    const shop = client(bank, { oauth: credentials({ now: () => now, refreshAheadMs: 60_000, expirySkewMs: 30_000 }) });
    await shop.getBalance();
    now += 3_600_000 - 30_000 - 60_000; // inside the refresh-ahead window, before the skewed expiry
    await shop.getBalance();
    expect(bank.api.requests[1]?.headers.authorization).toBe("Bearer tok-1");
    await vi.waitFor(() => expect(bank.tokenRequests).toHaveLength(2));
    await shop.getBalance();
    expect(bank.tokenRequests).toHaveLength(2);
    expect(bank.api.requests[2]?.headers.authorization).toBe("Bearer tok-2");
  });

  it("a 401 after revocation makes exactly one refresh and one replay", async () => {
    const shop = client(bank, { oauth: credentials() });
    await shop.getBalance();
    bank.revoked.add("tok-1");
    const { data, response } = await shop.getBalance();
    expect([response.status, data]).toEqual([200, { n: 1 }]);
    expect(bank.tokenRequests).toHaveLength(2);
    expect(bank.api.requests.map((r) => r.headers.authorization)).toEqual([
      "Bearer tok-1",
      "Bearer tok-1",
      "Bearer tok-2",
    ]);
  });

  it("an unsafe POST answered 401 is replayed once after the refresh, and its side effect happens once", async () => {
    const shop = client(bank, { oauth: credentials() });
    await shop.getBalance();
    bank.revoked.add("tok-1");
    const { response } = await shop.createTransfer();
    expect(response.status).toBe(201);
    expect(bank.transfers).toEqual(["tok-2"]);
    expect(bank.api.requests.filter((r) => r.method === "POST")).toHaveLength(2);
    expect(bank.tokenRequests).toHaveLength(2);
  });

  it("never loops: a second 401 is returned as it is", async () => {
    const shop = client(bank, { oauth: credentials() });
    bank.revoked = { has: () => true } as unknown as Set<string>;
    const { response } = await shop.createTransfer();
    expect(response.status).toBe(401);
    expect(bank.api.requests).toHaveLength(2);
    expect(bank.tokenRequests).toHaveLength(2);
    expect(bank.transfers).toEqual([]);
  });

  it("a refused token request fails the call with HTTP_STATUS of the token call, naming no secret", async () => {
    bank.tokens.handle((_req, res) => json(res, 401, { error: "invalid_client", echo: "s3cr:t" }));
    const shop = client(bank, { oauth: credentials() });
    const failure = await shop.getBalance().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isOutboundError(failure) && [failure.code, failure.downstream, failure.operationId]).toEqual([
      "HTTP_STATUS",
      "bank.oauth2",
      "oauth2Token",
    ]);
    expect(String(failure)).not.toContain("s3cr");
    expect(bank.api.requests).toHaveLength(0);
  });
});
