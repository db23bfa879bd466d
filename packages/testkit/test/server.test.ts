import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../src/index.js";
import { CHARGE_BODY, keyed, rawRequest, specOf, until } from "./helpers.js";

let servers: TestServer[] = [];
async function start(name: string): Promise<TestServer> {
  const server = await startTestServer({ spec: specOf(name) });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function postCharge(server: TestServer, key: string, body: unknown = CHARGE_BODY): Promise<Response> {
  return fetch(`${server.url}/charges`, { method: "POST", headers: keyed(key), body: JSON.stringify(body) });
}

describe("routing and examples", () => {
  it("lists the spec's operations as routes and listens on 127.0.0.1", async () => {
    const server = await start("payments");
    expect(server.routes).toEqual([
      "GET /charges",
      "POST /charges",
      "GET /charges/{chargeId}",
      "GET /charges/{chargeId}/events",
      "POST /charges/{chargeId}/refunds",
    ]);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it("answers a read of an untracked resource with the spec's example, path parameters filled in", async () => {
    const server = await start("inventory");
    const response = await fetch(`${server.url}/stock/SKU-2002?warehouse=fra-2`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    const body = (await response.json()) as Record<string, unknown>;
    expect({ ...body, updatedAt: "<now>" }).toEqual({
      sku: "SKU-2002",
      onHand: 42,
      reserved: 2,
      available: 40,
      warehouse: null,
      updatedAt: "<now>",
    });
  });

  it("answers 404 for an unknown path and 405 with Allow for an unknown method", async () => {
    const server = await start("inventory");
    const missing = await rawRequest(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({
      type: "about:blank",
      title: "Not Found",
      status: 404,
      detail: "No path of the spec matches /nope.",
    });
    const wrongMethod = await rawRequest(`${server.url}/stock/SKU-1001`, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe("GET");
    expect(server.requests.map((r) => [r.route, r.status])).toEqual([
      [undefined, 404],
      [undefined, 405],
    ]);
  });
});

describe("validation", () => {
  it("rejects a request that breaks the spec with 400 and every reason, and commits nothing", async () => {
    const server = await start("payments");
    const response = await fetch(`${server.url}/charges`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ amount: 0, currency: "EUR", customerId: "c", paymentMethod: "p", colour: "red" }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toEqual({
      type: "https://payments.internal.example/problems/invalid-request",
      title: "Invalid request",
      status: 400,
      detail:
        'header parameter Idempotency-Key is required; body must not have the property "colour"; body/amount must be >= 1; body/currency must match pattern "^[a-z]{3}$"',
      code: "invalid_request",
    });
    expect(server.ledger.count()).toBe(0);
    expect(server.requests[0]?.validationErrors).toHaveLength(4);
    expect(server.requests[0]?.committed).toBe(false);
  });

  it("rejects malformed JSON, a wrong content-type and a missing required body", async () => {
    const server = await start("notifications");
    const post = (body: string | undefined, type: string) =>
      rawRequest(`${server.url}/messages`, {
        method: "POST",
        headers: { "content-type": type },
        ...(body === undefined ? {} : { body }),
      });
    const results = await Promise.all([
      post("{", "application/json"),
      post("x=1", "application/x-www-form-urlencoded"),
      post(undefined, "application/json"),
    ]);
    expect(results.map((r) => r.status)).toEqual([400, 415, 400]);
    expect(results.map((r) => (JSON.parse(r.body) as { detail: string }).detail)).toEqual([
      expect.stringMatching(/^body is not valid JSON: /),
      'content-type "application/x-www-form-urlencoded" is not accepted; expected application/json',
      "request body is required",
    ]);
  });

  it("applies OpenAPI 3.0 nullable (expiresAt: null is valid) and coerces path and query values", async () => {
    const server = await start("inventory");
    const ok = await fetch(`${server.url}/reservations/res_1`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ orderId: "ord_1", items: [{ sku: "SKU-1001", quantity: 2 }], expiresAt: null }),
    });
    expect(ok.status).toBe(200);
    const badQuery = await fetch(`${server.url}/stock/SKU-1001?warehouse=mars`);
    expect(badQuery.status).toBe(400);
    expect(((await badQuery.json()) as { detail: string }).detail).toBe(
      'query parameter warehouse must be one of ["ams-1","fra-2","dub-1"]',
    );
  });
});

describe("state the spec implies", () => {
  it("stores a created charge under a fresh id and reads it back; an unknown id is 404", async () => {
    const server = await start("payments");
    const created = await postCharge(server, "key-1", { ...CHARGE_BODY, description: "Order 7" });
    expect(created.status).toBe(201);
    const charge = (await created.json()) as Record<string, unknown>;
    expect(charge).toEqual({
      id: "ch_000001",
      object: "charge",
      amount: 4999,
      currency: "eur",
      customerId: "cus_8f2k1",
      paymentMethod: "pm_card_visa",
      status: "succeeded",
      description: "Order 7",
      amountRefunded: 0,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const read = await fetch(`${server.url}/charges/ch_000001`);
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual(charge);
    const missing = await fetch(`${server.url}/charges/ch_999`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe("resource_missing");
    expect(server.resource("/charges/ch_000001")).toEqual(charge);
  });

  it("creates a refund under an existing charge, inheriting its currency and amount; 404 under an unknown one", async () => {
    const server = await start("payments");
    await postCharge(server, "key-1");
    const refund = await fetch(`${server.url}/charges/ch_000001/refunds`, {
      method: "POST",
      headers: keyed("r-1"),
      body: JSON.stringify({ reason: "duplicate" }),
    });
    expect(refund.status).toBe(201);
    expect({ ...((await refund.json()) as object), createdAt: "<now>" }).toEqual({
      id: "re_000002",
      object: "refund",
      chargeId: "ch_000001",
      amount: 4999,
      currency: "eur",
      reason: "duplicate",
      status: "succeeded",
      createdAt: "<now>",
    });
    const orphan = await fetch(`${server.url}/charges/ch_404/refunds`, {
      method: "POST",
      headers: keyed("r-2"),
      body: "{}",
    });
    expect(orphan.status).toBe(404);
    expect(server.ledger.entries.map((e) => [e.operationId, e.resourcePath, e.idempotencyKey])).toEqual([
      ["createCharge", "/charges/ch_000001", "key-1"],
      ["createRefund", "/charges/ch_000001/refunds/re_000002", "r-1"],
    ]);
  });

  it("PUT creates or replaces a reservation at its path, DELETE releases it, a second DELETE is 404", async () => {
    const server = await start("inventory");
    const body = JSON.stringify({ orderId: "ord_9", items: [{ sku: "SKU-1001", quantity: 1 }] });
    const put = () =>
      fetch(`${server.url}/reservations/res_ord_9`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body,
      });
    const first = await put();
    expect(first.status).toBe(200);
    expect({ ...((await first.json()) as object), createdAt: "<now>" }).toEqual({
      id: "res_ord_9",
      orderId: "ord_9",
      status: "held",
      items: [{ sku: "SKU-1001", quantity: 1 }],
      createdAt: "<now>",
    });
    expect((await put()).status).toBe(200);
    const released = await rawRequest(`${server.url}/reservations/res_ord_9`, { method: "DELETE" });
    expect([released.status, released.body, released.headers["content-length"]]).toEqual([204, "", undefined]);
    expect((await rawRequest(`${server.url}/reservations/res_ord_9`, { method: "DELETE" })).status).toBe(404);
    expect(server.ledger.byOperation("reserveStock")).toHaveLength(2);
    expect(server.ledger.byOperation("DELETE /reservations/{reservationId}")).toHaveLength(1);
    expect(server.ledger.count()).toBe(3);
  });
});

describe("Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header)", () => {
  it("replays the first result for a repeated key: same status and body, Idempotent-Replayed, one ledger entry", async () => {
    const server = await start("payments");
    const first = await postCharge(server, "k-1");
    const firstBody = await first.text();
    const again = await postCharge(server, "k-1");
    expect(again.status).toBe(201);
    expect(await again.text()).toBe(firstBody);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(server.ledger.byIdempotencyKey("k-1")).toHaveLength(1);
    expect(server.requests.map((r) => [r.idempotencyKey, r.replayed, r.committed])).toEqual([
      ["k-1", false, true],
      ["k-1", true, false],
    ]);
  });

  it("answers 422 for the same key with a different body, and treats reordered JSON keys as the same body", async () => {
    const server = await start("payments");
    await postCharge(server, "k-1");
    const reordered = await fetch(`${server.url}/charges`, {
      method: "POST",
      headers: keyed("k-1"),
      body: JSON.stringify({ paymentMethod: "pm_card_visa", customerId: "cus_8f2k1", currency: "eur", amount: 4999 }),
    });
    expect(reordered.status).toBe(201);
    const changed = await postCharge(server, "k-1", { ...CHARGE_BODY, amount: 5000 });
    expect(changed.status).toBe(422);
    expect(((await changed.json()) as { code: string }).code).toBe("idempotency_key_reused");
    expect(server.ledger.count()).toBe(1);
  });

  it("answers 409 with Retry-After while the first request with the key is still in flight", async () => {
    const server = await start("payments");
    server.setFaultPlan("createCharge", { mode: "script", steps: [{ kind: "pass", delayBeforeHeadersMs: 1000 }] });
    const slow = postCharge(server, "k-1");
    await until(() => server.requests[0]?.bodyComplete === true);
    const conflict = await postCharge(server, "k-1");
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("retry-after")).toBe("1");
    expect(((await conflict.json()) as { code: string }).code).toBe("idempotency_conflict");
    expect((await slow).status).toBe(201);
    expect(server.ledger.count()).toBe(1);
    expect((await postCharge(server, "k-1")).headers.get("idempotent-replayed")).toBe("true");
  });

  it("keeps key spaces apart per operation, and a key rejected by validation is not stored", async () => {
    const server = await start("payments");
    const invalid = await postCharge(server, "shared", { amount: 1 });
    expect(invalid.status).toBe(400);
    expect((await postCharge(server, "shared")).status).toBe(201);
    const refund = await fetch(`${server.url}/charges/ch_000001/refunds`, {
      method: "POST",
      headers: keyed("shared"),
      body: "{}",
    });
    expect(refund.status).toBe(201);
    expect(server.ledger.byIdempotencyKey("shared").map((e) => e.operationId)).toEqual([
      "createCharge",
      "createRefund",
    ]);
  });
});

describe("recording", () => {
  it("records method, url, lower-case headers, exact body bytes, arrival time and socket", async () => {
    const server = await start("notifications");
    const body = '{"channel":"sms","to":"+31612345678","body":"Hi \u00e9"}';
    const before = performance.now();
    const result = await rawRequest(`${server.url}/messages?trace=1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Request-Id": "req-1", Authorization: "Bearer t0k" },
      body,
    });
    expect(result.status).toBe(202);
    const [record] = server.requests;
    expect(record).toMatchObject({
      seq: 1,
      routeSeq: 1,
      method: "POST",
      url: "/messages?trace=1",
      path: "/messages",
      route: "POST /messages",
      operationId: "sendMessage",
      idempotencyKey: undefined,
      fault: "pass",
      status: 202,
      outcome: "finished",
      socketId: 1,
      committed: true,
    });
    expect(record?.headers["x-request-id"]).toBe("req-1");
    expect(record?.headers.authorization).toBe("Bearer t0k");
    expect(record?.body.equals(Buffer.from(body, "utf8"))).toBe(true);
    expect(record?.arrivedAt).toBeGreaterThanOrEqual(before);
    expect(record?.finishedAt).toBeGreaterThanOrEqual(record?.arrivedAt ?? Infinity);
    expect(server.ledger.entries[0]?.responseBody).toMatchObject({
      id: "msg_000001",
      status: "queued",
      channel: "sms",
      to: "+31612345678",
    });
  });

  it("reset() forgets requests, ledger, resources and idempotency records", async () => {
    const server = await start("payments");
    await postCharge(server, "k-1");
    server.reset();
    expect([server.requests.length, server.ledger.count(), server.resource("/charges/ch_000001")]).toEqual([
      0,
      0,
      undefined,
    ]);
    const again = await postCharge(server, "k-1");
    expect(again.headers.get("idempotent-replayed")).toBeNull();
    expect(((await again.json()) as { id: string }).id).toBe("ch_000001");
  });
});
