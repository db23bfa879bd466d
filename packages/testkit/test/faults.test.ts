import { afterEach, describe, expect, it } from "vitest";
import { type Fault, type FaultPlan, getClosedPort, startTestServer, type TestServer } from "../src/index.js";
import { CHARGE_BODY, keyed, rawExchange, rawPost, rawRequest, specOf, until, withoutDate } from "./helpers.js";

let servers: TestServer[] = [];
async function paymentsWith(plan: FaultPlan, route = "POST /charges"): Promise<TestServer> {
  const server = await startTestServer({ spec: specOf("payments"), faults: { [route]: plan } });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const once = (fault: Fault): FaultPlan => ({ mode: "script", steps: [fault] });
const chargeJson = JSON.stringify(CHARGE_BODY);
const postCharge = (server: TestServer, key = "k-1", timeoutMs?: number) =>
  rawRequest(`${server.url}/charges`, {
    method: "POST",
    headers: keyed(key),
    body: chargeJson,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

describe("latency", () => {
  it("waits before the headers", async () => {
    const server = await paymentsWith(once({ kind: "pass", delayBeforeHeadersMs: 300 }));
    const started = performance.now();
    const result = await postCharge(server);
    expect(result.status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
    const [record] = server.requests;
    expect((record?.headersSentAt ?? 0) - (record?.arrivedAt ?? 0)).toBeGreaterThanOrEqual(295);
  });

  it("waits between headers and body, and trickles the body in chunks", async () => {
    const server = await paymentsWith({
      mode: "script",
      steps: [
        { kind: "pass", delayBeforeBodyMs: 250 },
        { kind: "pass", trickle: { chunkBytes: 50, intervalMs: 40 } },
      ],
    });
    const first = await fetch(`${server.url}/charges`, { method: "POST", headers: keyed("a"), body: chargeJson });
    const text = await first.text();
    expect(JSON.parse(text)).toMatchObject({ id: "ch_000001", amount: 4999 });
    // Timed by the server: on a busy machine the client may see the headers late, which shortens its own reading.
    const [delayed] = server.requests;
    expect((delayed?.finishedAt ?? 0) - (delayed?.headersSentAt ?? 0)).toBeGreaterThanOrEqual(245);

    const second = await fetch(`${server.url}/charges`, { method: "POST", headers: keyed("b"), body: chargeJson });
    const bodyStarted = performance.now();
    const reader = second.body?.getReader();
    const chunks: number[] = [];
    for (let r = await reader?.read(); r !== undefined && !r.done; r = await reader?.read())
      chunks.push(r.value.length);
    const size = Number(second.headers.get("content-length"));
    const writes = Math.ceil(size / 50);
    expect(size).toBeGreaterThan(200);
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(size);
    // Reads may coalesce writes on a busy machine, so the spread over time is what is asserted exactly.
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(performance.now() - bodyStarted).toBeGreaterThanOrEqual(40 * (writes - 1) - 5);
    const record = server.requests[1];
    expect((record?.finishedAt ?? 0) - (record?.headersSentAt ?? 0)).toBeGreaterThanOrEqual(40 * (writes - 1) - 5);
  });
});

describe("status faults", () => {
  it("sends 429 with Retry-After seconds and the spec's documented 429 body", async () => {
    const server = await paymentsWith(once({ kind: "respond", status: 429, retryAfter: { seconds: 2 } }));
    const result = await postCharge(server);
    expect(result.status).toBe(429);
    expect(result.headers["retry-after"]).toBe("2");
    expect(result.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(result.body)).toEqual({
      type: "https://payments.internal.example/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      code: "rate_limited",
    });
    expect(server.ledger.count()).toBe(0);
    expect((await postCharge(server)).status).toBe(201);
  });

  it("sends Retry-After as an HTTP-date, retry-after-ms, and custom headers and body", async () => {
    const server = await paymentsWith({
      mode: "script",
      steps: [
        { kind: "respond", status: 503, retryAfter: { dateInMs: 3000 } },
        {
          kind: "respond",
          status: 429,
          retryAfter: { ms: 1500 },
          headers: { "X-RateLimit-Remaining": "0" },
          body: { busy: true },
        },
        { kind: "respond", status: 503, bodyText: "down", headers: { "Retry-After": "soon" } },
      ],
    });
    const before = Date.now();
    const first = await postCharge(server);
    const date = Date.parse(String(first.headers["retry-after"]));
    expect(first.headers["retry-after"]).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
    expect(date - before).toBeGreaterThanOrEqual(3000);
    expect(date - before).toBeLessThanOrEqual(4100);
    expect(JSON.parse(first.body)).toMatchObject({ status: 503, code: "unavailable" });
    const second = await postCharge(server);
    expect([
      second.status,
      second.headers["retry-after-ms"],
      second.headers["x-ratelimit-remaining"],
      second.body,
    ]).toEqual([429, "1500", "0", '{"busy":true}']);
    expect(second.headers["retry-after"]).toBeUndefined();
    const third = await postCharge(server);
    expect([third.status, third.headers["content-type"], third.headers["retry-after"], third.body]).toEqual([
      503,
      "text/plain",
      "soon",
      "down",
    ]);
  });

  it("with commit, records the side effect and still answers 500; the retry with the key replays 201", async () => {
    const server = await paymentsWith(once({ kind: "respond", status: 500, commit: true }));
    expect((await postCharge(server)).status).toBe(500);
    expect(server.ledger.count()).toBe(1);
    const retry = await postCharge(server);
    expect([retry.status, retry.headers["idempotent-replayed"]]).toEqual([201, "true"]);
    expect(server.ledger.count()).toBe(1);
  });
});

describe("connection faults", () => {
  it("connection refused: a closed port refuses with ECONNREFUSED", async () => {
    const port = await getClosedPort();
    const result = await rawRequest(`http://127.0.0.1:${port}/charges`);
    expect(result.error).toBe("ECONNREFUSED");
  });

  it("reset before any response: ECONNRESET, nothing committed", async () => {
    const server = await paymentsWith(once({ kind: "reset" }));
    const result = await postCharge(server);
    expect([result.status, result.error]).toEqual([undefined, "ECONNRESET"]);
    expect(server.requests[0]).toMatchObject({ fault: "reset", outcome: "reset", status: undefined, committed: false });
    expect(server.ledger.count()).toBe(0);
    await expect(
      fetch(`${server.url}/charges`, { method: "POST", headers: keyed("f"), body: chargeJson }),
    ).resolves.toMatchObject({ status: 201 });
  });

  it("reset after headers: the client gets the status line, then ECONNRESET", async () => {
    const server = await paymentsWith(once({ kind: "reset-after-headers" }));
    const result = await postCharge(server);
    expect(result.status).toBe(201);
    expect(result.headers["transfer-encoding"]).toBe("chunked");
    expect(["ECONNRESET", "aborted"]).toContain(result.error);
    expect(result.body).toBe("");
    expect(server.requests[0]).toMatchObject({ fault: "reset-after-headers", outcome: "reset", status: 201 });
  });

  it("hang: no byte is ever sent; the client's timeout closes it, and the server sees the close", async () => {
    const server = await paymentsWith(once({ kind: "hang" }));
    const result = await postCharge(server, "k-1", 300);
    expect(result.error).toBe("CLIENT_TIMEOUT");
    await until(() => server.requests[0]?.outcome !== "pending");
    const [record] = server.requests;
    expect(record).toMatchObject({ fault: "hang", outcome: "closed-by-client", status: undefined });
    expect((record?.closedAt ?? 0) - (record?.arrivedAt ?? 0)).toBeGreaterThanOrEqual(290);
    expect(server.concurrency()).toEqual({ current: 0, max: 1 });
  });

  it("hang after headers and a partial body (a body read that must stay under the attempt timeout)", async () => {
    const server = await startTestServer({ spec: specOf("inventory") });
    servers.push(server);
    server.setFaultPlan(
      "getStock",
      once({
        kind: "hang",
        afterHeaders: true,
        status: 200,
        partialBody: '{"id":"r1","rows":[',
        delayBeforeBodyMs: 10,
      }),
    );
    const { bytes, closedByServer } = await rawExchange(
      server.port,
      "GET /stock/SKU-1001 HTTP/1.1\r\nHost: x\r\n\r\n",
      400,
    );
    expect(closedByServer).toBe(false);
    expect(withoutDate(bytes)).toBe(
      "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n" +
        '13\r\n{"id":"r1","rows":[\r\n',
    );
  });

  it("side effect then reset: the charge is committed, the client sees ECONNRESET, the retry replays it", async () => {
    const server = await paymentsWith(once({ kind: "reset", commit: true }));
    expect((await postCharge(server)).error).toBe("ECONNRESET");
    expect(server.ledger.entries.map((e) => [e.operationId, e.idempotencyKey, e.status, e.resourcePath])).toEqual([
      ["createCharge", "k-1", 201, "/charges/ch_000001"],
    ]);
    const retry = await postCharge(server);
    expect([retry.status, retry.headers["idempotent-replayed"], JSON.parse(retry.body).id]).toEqual([
      201,
      "true",
      "ch_000001",
    ]);
    expect(server.ledger.count()).toBe(1);
    const unkeyedRetry = await postCharge(server, "k-2");
    expect(JSON.parse(unkeyedRetry.body).id).toBe("ch_000002");
    expect(server.ledger.count()).toBe(2);
  });

  it("side effect then stall past the client's timeout: committed once, the retry replays", async () => {
    const server = await paymentsWith(once({ kind: "hang", commit: true }));
    expect((await postCharge(server, "k-1", 200)).error).toBe("CLIENT_TIMEOUT");
    expect(server.ledger.count()).toBe(1);
    await until(() => server.requests[0]?.outcome !== "pending");
    expect(server.requests[0]).toMatchObject({ committed: true, outcome: "closed-by-client" });
    expect((await postCharge(server)).headers["idempotent-replayed"]).toBe("true");
  });
});

describe("body faults, byte for byte", () => {
  it("truncated body (content-length): announces the whole body, sends half, closes", async () => {
    const server = await paymentsWith(once({ kind: "truncated-body", bodyText: '{"id":"ch_1","amount":4999}' }));
    const { bytes, closedByServer } = await rawExchange(
      server.port,
      rawPost("/charges", chargeJson, { "Idempotency-Key": "t" }),
    );
    expect(closedByServer).toBe(true);
    expect(withoutDate(bytes)).toBe(
      "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 27\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n" +
        '{"id":"ch_1",',
    );
    expect(server.requests[0]).toMatchObject({ outcome: "closed-by-server", committed: false });
    const viaClient = await postCharge(server);
    expect(viaClient.status).toBe(201);
  });

  it("truncated body (chunked): the client sees an aborted body", async () => {
    const server = await paymentsWith(
      once({ kind: "truncated-body", framing: "chunked", bodyText: "0123456789", sendBytes: 4 }),
    );
    const result = await postCharge(server);
    expect([result.status, result.body, result.headers["transfer-encoding"]]).toEqual([201, "0123", "chunked"]);
    expect(["aborted", "ECONNRESET"]).toContain(result.error);
  });

  it("malformed JSON: a complete message whose JSON does not parse", async () => {
    const server = await paymentsWith(once({ kind: "malformed-json" }));
    const { bytes } = await rawExchange(server.port, rawPost("/charges", chargeJson, { "Idempotency-Key": "m" }));
    expect(withoutDate(bytes)).toBe(
      "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: 6\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n" +
        '{"id":',
    );
    server.setFaultPlan("POST /charges", once({ kind: "malformed-json", framing: "chunked", status: 200 }));
    const response = await fetch(`${server.url}/charges`, { method: "POST", headers: keyed("m2"), body: chargeJson });
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  const head = "content-type: application/json\r\n";
  it.each([
    [
      "chunked",
      `HTTP/1.1 200 OK\r\n${head}transfer-encoding: chunked\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n0\r\n\r\n`,
      false,
    ],
    [
      "content-length-zero",
      `HTTP/1.1 200 OK\r\n${head}content-length: 0\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n`,
      false,
    ],
    ["close-delimited", `HTTP/1.1 202 Accepted\r\n${head}connection: close\r\nDate: <date>\r\n\r\n`, true],
    [
      "no-content",
      "HTTP/1.1 204 No Content\r\nDate: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n",
      false,
    ],
  ] as const)("empty body, %s framing: exact bytes on the wire", async (framing, expected, closes) => {
    const status = framing === "close-delimited" ? 202 : framing === "no-content" ? undefined : 200;
    const server = await paymentsWith(
      once({ kind: "empty-body", framing, ...(status === undefined ? {} : { status }) }),
    );
    const { bytes, closedByServer } = await rawExchange(
      server.port,
      rawPost("/charges", chargeJson, { "Idempotency-Key": "e" }),
    );
    expect(withoutDate(bytes)).toBe(expected);
    expect(closedByServer).toBe(closes);
    expect(server.requests[0]).toMatchObject({ fault: "empty-body", outcome: "finished", status: status ?? 204 });
  });
});

describe("in-flight tracking", () => {
  it("counts concurrent requests per route and overall, and their maximum", async () => {
    const server = await paymentsWith({
      mode: "script",
      steps: [{ times: 5, fault: { kind: "pass", delayBeforeHeadersMs: 1000 } }],
    });
    const calls = Array.from({ length: 5 }, (_, i) => postCharge(server, `c-${i}`));
    await until(() => server.concurrency("POST /charges").current === 5);
    await Promise.all(calls);
    await fetch(`${server.url}/charges/ch_000001`).then((r) => r.text());
    expect(server.concurrency("createCharge")).toEqual({ current: 0, max: 5 });
    expect(server.requestsFor("createCharge").map((r) => r.concurrentAtArrival)).toEqual([1, 2, 3, 4, 5]);
    expect(server.requestsFor("getCharge").map((r) => r.concurrentAtArrival)).toEqual([1]);
    expect(server.concurrency("getCharge")).toEqual({ current: 0, max: 1 });
    expect(server.concurrency()).toEqual({ current: 0, max: 5 });
  });
});
