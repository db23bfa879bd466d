/** Paged lists and required tokens of the spec-driven server, driven over real HTTP. */
import { afterAll, describe, expect, it } from "vitest";
import { type OAuthTokenEndpoint, startOAuthTokenEndpoint, startTestServer, type TestServer } from "../src/index.js";
import { specOf } from "./helpers.js";

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function server(options: Omit<Parameters<typeof startTestServer>[0], "spec"> = {}): Promise<TestServer> {
  const started = await startTestServer({ spec: specOf("payments"), ...options });
  closers.push(() => started.close());
  return started;
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const ids = (body: Record<string, unknown>) => (body.data as { id: string }[]).map((c) => c.id);

describe("paged lists (x-outbound.pagination)", () => {
  it("walks 25 seeded charges in pages of the limit, after the cursor, has_more false on the last", async () => {
    const payments = await server({ seed: { "/charges": { count: 25, fields: (i) => ({ amount: 100 + i }) } } });
    const first = await getJson(`${payments.url}/charges?limit=10`);
    expect(first.status).toBe(200);
    expect(ids(first.body)).toEqual(Array.from({ length: 10 }, (_, i) => `ch_${String(i + 1).padStart(6, "0")}`));
    expect(first.body).toMatchObject({ object: "list", has_more: true });
    expect((first.body.data as { amount: number }[]).map((c) => c.amount).slice(0, 3)).toEqual([100, 101, 102]);
    const second = await getJson(`${payments.url}/charges?limit=10&starting_after=ch_000010`);
    expect([ids(second.body)[0], ids(second.body).length, second.body.has_more]).toEqual(["ch_000011", 10, true]);
    const last = await getJson(`${payments.url}/charges?limit=10&starting_after=ch_000020`);
    expect([ids(last.body), last.body.has_more]).toEqual([
      ["ch_000021", "ch_000022", "ch_000023", "ch_000024", "ch_000025"],
      false,
    ]);
    // No limit: the parameter's schema default (10).
    expect(ids((await getJson(`${payments.url}/charges`)).body)).toHaveLength(10);
  });

  it("lists created charges after the seeded ones, never a refund, and seeds again after reset()", async () => {
    const payments = await server({ seed: { "/charges": { count: 2 } } });
    const created = await fetch(`${payments.url}/charges`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k-1" },
      body: JSON.stringify({ amount: 700, currency: "eur", customerId: "cus_1", paymentMethod: "pm_card_visa" }),
    });
    expect(created.status).toBe(201);
    const refund = await fetch(`${payments.url}/charges/ch_000003/refunds`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k-2" },
      body: JSON.stringify({ amount: 100 }),
    });
    expect(refund.status).toBe(201);
    const page = await getJson(`${payments.url}/charges?limit=100`);
    expect([ids(page.body), page.body.has_more]).toEqual([["ch_000001", "ch_000002", "ch_000003"], false]);
    expect(payments.ledger.count("createCharge")).toBe(1);
    payments.reset();
    expect(ids((await getJson(`${payments.url}/charges`)).body)).toEqual(["ch_000001", "ch_000002"]);
  });

  it("answers an empty list with has_more false, and an unknown cursor with 400", async () => {
    const payments = await server();
    const empty = await getJson(`${payments.url}/charges?limit=5`);
    expect([empty.status, empty.body.data, empty.body.has_more]).toEqual([200, [], false]);
    const unknown = await getJson(`${payments.url}/charges?starting_after=ch_999999`);
    expect([unknown.status, unknown.body.detail]).toEqual([
      400,
      'starting_after "ch_999999" names no item of /charges.',
    ]);
  });

  it("refuses a seed of a path no POST creates at", async () => {
    await expect(startTestServer({ spec: specOf("payments"), seed: { "/refunds": { count: 1 } } })).rejects.toThrow(
      /^seed\["\/refunds"\]: no POST of the spec creates resources at \/refunds\./,
    );
  });
});

describe("required tokens (requireToken)", () => {
  let endpoint: OAuthTokenEndpoint;

  async function token(scope: string): Promise<string> {
    const response = await fetch(endpoint.tokenUrl, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "client_credentials",
        scope,
        client_id: "test-client",
        client_secret: "test-secret",
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it("answers 401 with WWW-Authenticate without a token, with a revoked one, and serves a token the endpoint issued", async () => {
    endpoint = await startOAuthTokenEndpoint();
    closers.push(() => endpoint.close());
    const payments = await server({ requireToken: endpoint, seed: { "/charges": { count: 1 } } });
    const none = await getJson(`${payments.url}/charges`);
    expect([none.status, none.headers.get("www-authenticate")]).toEqual([401, 'Bearer realm="testkit"']);
    const wrong = await getJson(`${payments.url}/charges`, { authorization: "Bearer not-issued" });
    expect([wrong.status, wrong.headers.get("www-authenticate")]).toEqual([
      401,
      'Bearer realm="testkit", error="invalid_token"',
    ]);
    const issued = await token("charges:read charges:write");
    const ok = await getJson(`${payments.url}/charges`, { authorization: `Bearer ${issued}` });
    expect([ok.status, ids(ok.body)]).toEqual([200, ["ch_000001"]]);
    endpoint.revoke(issued);
    expect((await getJson(`${payments.url}/charges`, { authorization: `Bearer ${issued}` })).status).toBe(401);
    // A 401 carries nothing out: no charge, no ledger entry.
    const post = await fetch(`${payments.url}/charges`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "k-1", authorization: `Bearer ${issued}` },
      body: JSON.stringify({ amount: 700, currency: "eur", customerId: "cus_1", paymentMethod: "pm_card_visa" }),
    });
    expect([post.status, payments.ledger.count("createCharge")]).toEqual([401, 0]);
    expect(endpoint.requests).toHaveLength(1);
  });
});

/** An inline spec: `/items` created by POST, listed by three GETs paging in three ways. */
function listSpec(pagination: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const item = { type: "object", properties: { id: { type: "string" }, n: { type: "integer" } } };
  const list = (name: string, params: string[], extra: Record<string, unknown>) => ({
    get: {
      operationId: name,
      "x-outbound": { pagination: pagination[name] },
      parameters: params.map((p) => ({
        name: p,
        in: "query",
        schema: p === "cursor" ? { type: "string" } : { type: "integer" },
      })),
      responses: {
        "200": {
          description: "page",
          content: {
            "application/json": {
              schema: { type: "object", properties: { items: { type: "array", items: item }, ...extra } },
            },
          },
        },
      },
    },
  });
  return {
    openapi: "3.1.0",
    info: { title: "lists", version: "1" },
    paths: {
      "/items": {
        post: {
          operationId: "createItem",
          requestBody: { content: { "application/json": { schema: item } } },
          responses: {
            "201": {
              description: "created",
              content: { "application/json": { schema: item, example: { id: "it_1", n: 0 } } },
            },
          },
        },
      },
      "/items/{id}": {
        get: {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { "200": { description: "one" } },
        },
      },
      "/by-offset/items": list("byOffset", ["offset", "limit"], { total: { type: "integer" } }),
      "/by-page/items": list("byPage", ["page", "per_page"], {
        total_pages: { type: "integer" },
        more: { type: "boolean" },
      }),
      "/by-cursor/items": list("byCursor", ["cursor", "limit"], { next: { type: ["string", "null"] } }),
    },
  };
}

describe("paged lists of every kind the server pages (inline spec)", () => {
  it("pages offset/limit with total, page numbers with total_pages, and an opaque next cursor field", async () => {
    // A list pages the resources stored below its own path: each list path also gets the creating POST, seeded.
    const spec = listSpec({
      byOffset: { preset: "offset-limit", items: "/items", total: "/total" },
      byPage: { kind: "page", items: "/items", pageParam: "page", totalPages: "/total_pages", hasMore: "/more" },
      byCursor: { kind: "cursor", items: "/items", cursorParam: "cursor", nextCursor: { field: "/next" } },
    });
    const paths = spec.paths as Record<string, Record<string, unknown>>;
    for (const prefix of ["/by-offset", "/by-page", "/by-cursor"]) {
      (paths[`${prefix}/items`] as Record<string, unknown>).post = (paths["/items"] as Record<string, unknown>).post;
    }
    const seed = { count: 7, fields: (i: number) => ({ n: i }) };
    const lists = await startTestServer({
      spec,
      seed: { "/by-offset/items": seed, "/by-page/items": seed, "/by-cursor/items": seed },
    });
    closers.push(() => lists.close());
    const ns = (body: Record<string, unknown>) => (body.items as { n: number }[]).map((i) => i.n);
    const offset = (await getJson(`${lists.url}/by-offset/items?offset=5&limit=3`)).body;
    expect([ns(offset), offset.total]).toEqual([[5, 6], 7]);
    const page = (await getJson(`${lists.url}/by-page/items?page=2&per_page=3`)).body;
    expect([ns(page), page.total_pages, page.more]).toEqual([[3, 4, 5], 3, true]);
    const first = (await getJson(`${lists.url}/by-cursor/items?limit=4`)).body;
    expect([ns(first), first.next]).toEqual([[0, 1, 2, 3], "4"]);
    const last = (await getJson(`${lists.url}/by-cursor/items?limit=4&cursor=4`)).body;
    expect([ns(last), last.next]).toEqual([[4, 5, 6], null]);
  });

  it("refuses a declaration it cannot page, naming the JSON pointer", async () => {
    const spec = listSpec({
      byOffset: { kind: "offset" },
      byPage: { preset: "github" },
      byCursor: { preset: "stripe" },
    });
    await expect(startTestServer({ spec })).rejects.toThrow(
      "#/paths/~1by-offset~1items/get/x-outbound/pagination lacks items, offsetParam: the test server cannot page this list; add `items`, `offsetParam`.",
    );
    const unknown = listSpec({ byOffset: { preset: "linkedin" }, byPage: {}, byCursor: {} });
    await expect(startTestServer({ spec: unknown })).rejects.toMatchObject({ code: "SPEC_INVALID" });
  });
});
