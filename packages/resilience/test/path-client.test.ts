import { getEventListeners } from "node:events";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  type AttemptEvent,
  createDownstream,
  createTransport,
  type DownstreamOptions,
  isAbortedError,
  isInvalidOptionsError,
  isInvalidRequestError,
  isResponseParseError,
  isTimeoutError,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

/** `Downstream.pathClient`: openapi-fetch's path-based calls (`raw.GET(template, init)`) as full logical calls. */

interface Res<T> {
  responses: { 200: { content: { "application/json": T } }; 201: { content: { "application/json": T } } };
}
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
interface paths {
  "/items/{id}": {
    parameters: NoParams;
    get: { parameters: { path: { id: string } } } & Res<{ id: string }>;
  };
  "/items": {
    parameters: NoParams;
    get: { parameters: { query?: { ids?: string[] } } } & Res<{ url: string }>;
  };
  "/charges": {
    parameters: NoParams;
    post: { parameters: NoParams; requestBody: { content: { "application/json": { amount: number } } } } & Res<{
      id: string;
    }>;
  };
  "/unknown/{x}": {
    parameters: NoParams;
    get: { parameters: { path: { x: string } } } & Res<unknown>;
    post: { parameters: { path: { x: string } } } & Res<unknown>;
  };
}

const getItem = op("getItem", "GET", "/items/{id}", "idempotent");
const listItems = op("listItems", "GET", "/items", "idempotent", {
  query: { ids: { style: "pipeDelimited", explode: false } },
});
const createCharge = op("createCharge", "POST", "/charges", "keyed");
const operations = [getItem, listItems, createCharge];
const transport = createTransport();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(async (req, res, _seen, index) => {
    const url = req.url ?? "";
    if (url === "/v1/items/bad-json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":');
    } else if (url === "/v1/items/slow") {
      await delay(150);
      json(res, 200, { id: "slow" });
    } else if (url === "/v1/items/hang") {
      return;
    } else if (url.startsWith("/v1/items?")) {
      json(res, 200, { url });
    } else if (url.startsWith("/v1/flaky/")) {
      // 503 on the first arrival of each test's flaky path, then 2xx.
      const first = server.requests.findIndex((seen) => seen.url === url) === index;
      if (first) json(res, 503, { error: "busy" });
      else json(res, req.method === "POST" ? 201 : 200, { id: "done" });
    } else {
      json(res, 503, { error: "busy" });
    }
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function setup(extra: Partial<DownstreamOptions> = {}) {
  const downstream = createDownstream(
    { name: "items", transport, retry: { initialDelayMs: 1, maxDelayMs: 5 }, ...extra },
    operations,
  );
  const plain = createClient<paths>({ baseUrl: `${server.url}/v1` });
  return { downstream, plain, raw: downstream.pathClient(plain) };
}

const sent = (from: number) => server.requests.slice(from);

describe("Downstream.pathClient", () => {
  it("maps malformed JSON on a 2xx to ResponseParseError (1 request)", async () => {
    const { raw } = setup();
    const before = server.requests.length;
    const error: unknown = await raw
      .GET("/items/{id}", { params: { path: { id: "bad-json" } } })
      .catch((e: unknown) => e);
    expect(isResponseParseError(error)).toBe(true);
    expect(isResponseParseError(error) && [error.code, error.status, error.operationId, error.attempts]).toEqual([
      "RESPONSE_PARSE",
      200,
      "getItem",
      1,
    ]);
    expect(sent(before).map((seen) => seen.url)).toEqual(["/v1/items/bad-json"]);
  });

  it("moves the caller's signal into the call: one runtime listener while in flight, none once settled", async () => {
    const { raw } = setup();
    const controller = new AbortController();
    const pending = raw.GET("/items/{id}", { params: { path: { id: "slow" } }, signal: controller.signal });
    await delay(50);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    const result = await pending;
    expect(result.data).toEqual({ id: "slow" });
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);

    const aborting = new AbortController();
    const reason = new Error("shutting down");
    const call = raw.GET("/items/{id}", { params: { path: { id: "hang" } }, signal: aborting.signal });
    await delay(50);
    aborting.abort(reason);
    const error: unknown = await call.catch((e: unknown) => e);
    expect(isAbortedError(error) && [error.code, error.cause === reason, error.operationId]).toEqual([
      "ABORTED",
      true,
      "getItem",
    ]);
    expect(getEventListeners(aborting.signal, "abort")).toHaveLength(0);
  });

  it("sends one Idempotency-Key, the same on every attempt, for a keyed operation (generated or given)", async () => {
    const { raw } = setup();
    let before = server.requests.length;
    const result = await raw.POST("/charges", { body: { amount: 100 }, baseUrl: `${server.url}/v1/flaky/a` });
    expect(result.response.status).toBe(201);
    const generated = sent(before).map((seen) => seen.headers["idempotency-key"]);
    expect(generated).toHaveLength(2);
    expect(generated[0]).toMatch(UUID);
    expect(generated[1]).toBe(generated[0]);
    expect(sent(before).map((seen) => seen.body.toString())).toEqual(['{"amount":100}', '{"amount":100}']);

    before = server.requests.length;
    await raw.POST("/charges", {
      body: { amount: 7 },
      baseUrl: `${server.url}/v1/flaky/b`,
      callOptions: { idempotencyKey: "charge-7" },
    });
    expect(sent(before).map((seen) => seen.headers["idempotency-key"])).toEqual(["charge-7", "charge-7"]);
  });

  it("classes a path no operation has by its method: GET retried, POST not (no key)", async () => {
    const attempts: AttemptEvent[] = [];
    const { raw } = setup({ hooks: { onAttempt: (event) => attempts.push(event) } });
    let before = server.requests.length;
    const get = await raw.GET("/unknown/{x}", { params: { path: { x: "1" } }, baseUrl: `${server.url}/v1/flaky` });
    expect(get.response.status).toBe(200);
    expect(sent(before).map((seen) => seen.url)).toEqual(["/v1/flaky/unknown/1", "/v1/flaky/unknown/1"]);
    expect(attempts.map((event) => [event.operationId, event.attempt])).toEqual([
      ["GET /unknown/{x}", 1],
      ["GET /unknown/{x}", 2],
    ]);

    before = server.requests.length;
    const post = await raw.POST("/unknown/{x}", { params: { path: { x: "2" } } });
    expect(post.response.status).toBe(503);
    expect(sent(before).map((seen) => [seen.method, seen.url, seen.headers["idempotency-key"]])).toEqual([
      ["POST", "/v1/unknown/2", undefined],
    ]);
    expect(attempts.at(-1)?.operationId).toBe("POST /unknown/{x}");
  });

  it("takes per-call options in init.callOptions", async () => {
    const { raw } = setup();
    let before = server.requests.length;
    const once = await raw.GET("/items/{id}", { params: { path: { id: "503" } }, callOptions: { retry: false } });
    expect(once.response.status).toBe(503);
    expect(sent(before)).toHaveLength(1);

    before = server.requests.length;
    const error: unknown = await raw
      .GET("/items/{id}", { params: { path: { id: "hang" } }, callOptions: { attemptTimeoutMs: 100, retry: false } })
      .catch((e: unknown) => e);
    expect(isTimeoutError(error) && [error.code, error.timeoutMs, error.attempts]).toEqual(["TIMEOUT", 100, 1]);
    expect(sent(before)).toHaveLength(1);

    const bad: unknown = await raw
      .GET("/items/{id}", { params: { path: { id: "x" } }, callOptions: "fast" })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(bad) && bad.option).toBe("callOptions");
    const one = new AbortController();
    const two: unknown = await raw
      .GET("/items/{id}", {
        params: { path: { id: "x" } },
        signal: one.signal,
        callOptions: { signal: new AbortController().signal },
      })
      .catch((e: unknown) => e);
    expect(isInvalidOptionsError(two) && two.option).toBe("signal");
    expect(getEventListeners(one.signal, "abort")).toHaveLength(0);
  });

  it("applies the operation's query serializer and the client's path serializer; request() is wrapped too", async () => {
    const { raw } = setup();
    const listed = await raw.GET("/items", { params: { query: { ids: ["a", "b"] } } });
    expect(listed.data).toEqual({ url: "/v1/items?ids=a|b" });
    const own = await raw.GET("/items", {
      params: { query: { ids: ["a", "b"] } },
      querySerializer: { array: { style: "form", explode: false } },
    });
    expect(own.data).toEqual({ url: "/v1/items?ids=a,b" });

    const attempts: AttemptEvent[] = [];
    const withHooks = setup({ hooks: { onAttempt: (event) => attempts.push(event) } }).raw;
    const viaRequest = await withHooks.request("get", "/items/{id}", { params: { path: { id: "slow" } } });
    expect(viaRequest.data).toEqual({ id: "slow" });
    expect(attempts.map((event) => event.operationId)).toEqual(["getItem"]);

    const before = server.requests.length;
    const error: unknown = await raw.GET("/items/{id}", { params: { path: { id: ".." } } }).catch((e: unknown) => e);
    expect(isInvalidRequestError(error) && [error.operationId, error.location, error.parameter]).toEqual([
      "getItem",
      "path",
      "id",
    ]);
    expect(sent(before)).toHaveLength(0);
  });
});
