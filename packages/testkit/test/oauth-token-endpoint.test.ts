/** The OAuth 2.0 token endpoint of the testkit, driven over real HTTP as a client credentials client would. */
import { afterAll, describe, expect, it } from "vitest";
import { type OAuthTokenEndpoint, startOAuthTokenEndpoint } from "../src/index.js";

const endpoints: OAuthTokenEndpoint[] = [];
afterAll(async () => {
  for (const endpoint of endpoints) await endpoint.close();
});

async function start(options?: Parameters<typeof startOAuthTokenEndpoint>[0]): Promise<OAuthTokenEndpoint> {
  const endpoint = await startOAuthTokenEndpoint(options);
  endpoints.push(endpoint);
  return endpoint;
}

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;

async function requestToken(endpoint: OAuthTokenEndpoint, form: Record<string, string>, authorization?: string) {
  const response = await fetch(endpoint.tokenUrl, {
    method: "POST",
    headers: authorization === undefined ? {} : { authorization },
    body: new URLSearchParams(form),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("startOAuthTokenEndpoint", () => {
  it("issues short-lived bearer tokens to a client authenticated by HTTP Basic or by the body, and counts requests", async () => {
    const endpoint = await start({ clients: { "shop id": "s:cret" }, lifetimeSeconds: 30 });
    const first = await requestToken(
      endpoint,
      { grant_type: "client_credentials", scope: "a b" },
      basic("shop id", "s:cret"),
    );
    const second = await requestToken(endpoint, {
      grant_type: "client_credentials",
      client_id: "shop id",
      client_secret: "s:cret",
    });
    expect([first.status, first.body.token_type, first.body.expires_in, first.body.scope]).toEqual([
      200,
      "Bearer",
      30,
      "a b",
    ]);
    expect(second.status).toBe(200);
    expect(endpoint.issued).toEqual([first.body.access_token, second.body.access_token]);
    expect(endpoint.requests).toEqual([
      {
        clientId: "shop id",
        clientAuthentication: "basic",
        grantType: "client_credentials",
        scopes: ["a", "b"],
        status: 200,
      },
      { clientId: "shop id", clientAuthentication: "body", grantType: "client_credentials", scopes: [], status: 200 },
    ]);
    expect(endpoint.verify(`Bearer ${String(first.body.access_token)}`, "b")).toBe(true);
    expect(endpoint.verify(`Bearer ${String(first.body.access_token)}`, "c")).toBe(false);
    expect(endpoint.verify(undefined)).toBe(false);
  });

  it("refuses a wrong secret (401 invalid_client) and another grant (400 unsupported_grant_type)", async () => {
    const endpoint = await start();
    const wrong = await requestToken(endpoint, { grant_type: "client_credentials" }, basic("test-client", "nope"));
    const grant = await requestToken(endpoint, { grant_type: "password" }, basic("test-client", "test-secret"));
    expect([wrong.status, wrong.body.error, grant.status, grant.body.error]).toEqual([
      401,
      "invalid_client",
      400,
      "unsupported_grant_type",
    ]);
    expect(endpoint.issued).toEqual([]);
  });

  it("revokes one token or all early, and a token past its lifetime no longer verifies", async () => {
    const endpoint = await start();
    const auth = basic("test-client", "test-secret");
    const one = String((await requestToken(endpoint, { grant_type: "client_credentials" }, auth)).body.access_token);
    const two = String((await requestToken(endpoint, { grant_type: "client_credentials" }, auth)).body.access_token);
    endpoint.revoke(one);
    expect([endpoint.verify(`Bearer ${one}`), endpoint.verify(`Bearer ${two}`)]).toEqual([false, true]);
    endpoint.revoke();
    expect(endpoint.verify(`Bearer ${two}`)).toBe(false);
    const expired = await start({ lifetimeSeconds: 0 });
    const token = String((await requestToken(expired, { grant_type: "client_credentials" }, auth)).body.access_token);
    expect(expired.verify(`Bearer ${token}`)).toBe(false);
  });
});
