import { getEventListeners } from "node:events";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createTransport,
  type DownstreamPipeline,
  InvalidRequestError,
  isInvalidRequestError,
  isOutboundError,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

/**
 * Requests built from untrusted values (issue 8): path parameters are percent-encoded, `.`/`..`/empty values are
 * refused before any I/O, header values with CR/LF are refused before any I/O. Every refusal is checked on a real
 * server that must have seen nothing.
 */

const getItem = op("getItem", "GET", "/items/{id}", "idempotent");
const getFile = op("getFile", "GET", "/files/{name}.json", "idempotent");
const tagItem = op("tagItem", "POST", "/items/{id}/tags", "keyed");
const operations = [getItem, getFile, tagItem];
const transport = createTransport();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => json(res, 200, { target: req.url }));
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

type Params = { params?: { path?: Record<string, unknown>; header?: Record<string, string> } };
type LooseGet = (path: string, init?: Params & { fetch?: unknown }) => Promise<{ data?: unknown }>;

function setup(baseUrl = `${server.url}/v1`): { downstream: DownstreamPipeline; GET: LooseGet; POST: LooseGet } {
  const downstream = createDownstream({ name: "items", transport, retry: { maxAttempts: 1 } }, operations);
  const client = downstream.pathClient(createClient({ baseUrl }));
  const loose = client as unknown as { GET: LooseGet; POST: LooseGet };
  return { downstream, GET: loose.GET, POST: loose.POST };
}

async function refusal(promise: Promise<unknown>): Promise<InvalidRequestError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isInvalidRequestError(error)) throw new Error(`expected INVALID_REQUEST, got ${String(error)}`);
  return error;
}

describe("path parameters", () => {
  it.each([
    ["a/b", "/v1/items/a%2Fb"],
    ["x?admin=1#frag", "/v1/items/x%3Fadmin%3D1%23frag"],
    ["50%", "/v1/items/50%25"],
    ["..%2F..", "/v1/items/..%252F.."],
    ["...", "/v1/items/..."],
    ["a b", "/v1/items/a%20b"],
    ["ünï", "/v1/items/%C3%BCn%C3%AF"],
    [42, "/v1/items/42"],
  ])("percent-encodes %j into one segment: the server sees %s", async (id, target) => {
    const { downstream, GET } = setup();
    const result = await downstream.call(getItem, undefined, (fetch) =>
      GET("/items/{id}", { fetch, params: { path: { id } } }),
    );
    expect(result.data).toEqual({ target });
  });

  it.each([
    ["..", "id"],
    [".", "id"],
    ["", "id"],
    [undefined, "id"],
  ])("refuses %j before any I/O with INVALID_REQUEST, typed call", async (id, parameter) => {
    const { downstream, GET } = setup();
    const signal = new AbortController().signal;
    const before = server.requests.length;
    const error = await refusal(
      downstream.call(getItem, { signal }, (fetch) => GET("/items/{id}", { fetch, params: { path: { id } } })),
    );
    expect([error.code, error.location, error.parameter, error.operationId, error.attempts]).toEqual([
      "INVALID_REQUEST",
      "path",
      parameter,
      "getItem",
      0,
    ]);
    expect(error.retryable).toBe(false);
    expect(server.requests.length - before).toBe(0);
    expect(getEventListeners(signal, "abort")).toHaveLength(0);
    expect(downstream.breakerSnapshot()).toEqual({ state: "closed", calls: 0, failures: 0, nextProbeAt: undefined });
  });

  it("refuses `..` in a path-based (raw) call too, naming the operation of the template", async () => {
    const { POST } = setup();
    const before = server.requests.length;
    const error = await refusal(POST("/items/{id}/tags", { params: { path: { id: ".." } } }));
    expect([error.location, error.parameter, error.operationId, error.downstream]).toEqual([
      "path",
      "id",
      "tagItem",
      "items",
    ]);
    expect(error.message).toBe(
      'items tagItem: invalid request (path id): the value makes a dot segment ("." or ".."), which URL parsers remove (RFC 3986 §5.2.4): the request would reach another path; request not sent',
    );
    expect(server.requests.length - before).toBe(0);
  });

  it("refuses a dot segment that a template literal would complete (`/files/{name}.json` with `.` is fine: `..json`)", async () => {
    const { downstream, GET } = setup();
    const result = await downstream.call(getFile, undefined, (fetch) =>
      GET("/files/{name}.json", { fetch, params: { path: { name: "report" } } }),
    );
    expect(result.data).toEqual({ target: "/v1/files/report.json" });
    const error = await refusal(
      downstream.call(getFile, undefined, (fetch) =>
        GET("/files/{name}.json", { fetch, params: { path: { name: "." } } }),
      ),
    );
    expect(error.parameter).toBe("name");
  });

  it("Downstream.call refuses a request whose normalised path no longer fits the template (URL built by hand)", async () => {
    const { downstream } = setup();
    const before = server.requests.length;
    // `new Request` has already removed the dot segments: the URL is /v1/items/tags, one segment short.
    const request = new Request(`${server.url}/v1/items/../tags`, { method: "POST", body: "{}" });
    expect(new URL(request.url).pathname).toBe("/v1/tags");
    const error = await refusal(downstream.call(tagItem, undefined, (fetch) => fetch(request)));
    expect([error.location, error.parameter, error.operationId, error.attempts]).toEqual([
      "path",
      undefined,
      "tagItem",
      0,
    ]);
    const empty = await refusal(
      downstream.call(getItem, undefined, (fetch) => fetch(new Request(`${server.url}/v1/items/`))),
    );
    expect(empty.location).toBe("path");
    expect(server.requests.length - before).toBe(0);
  });
});

describe("headers", () => {
  it("refuses CR/LF in a call option header, idempotency key or request id, naming the header, not the value", async () => {
    const { downstream, POST } = setup();
    const before = server.requests.length;
    const run = (fetch: unknown) => POST("/items/{id}/tags", { fetch, params: { path: { id: "i1" } } });
    const header = await refusal(
      downstream.call(tagItem, { headers: { "x-note": "ok\r\nx-injected: 1" } }, run as never),
    );
    const key = await refusal(downstream.call(tagItem, { idempotencyKey: "k1\nx-injected: 1" }, run as never));
    const id = await refusal(downstream.call(tagItem, { requestId: "r1\r\n" }, run as never));
    const name = await refusal(downstream.call(tagItem, { headers: { "bad name": "v" } }, run as never));
    expect([header, key, id, name].map((e) => [e.location, e.parameter, e.attempts])).toEqual([
      ["header", "x-note", 0],
      ["header", "Idempotency-Key", 0],
      ["header", "x-request-id", 0],
      ["header", "bad name", 0],
    ]);
    for (const error of [header, key, id]) expect(error.message).not.toContain("injected");
    expect(server.requests.length - before).toBe(0);
  });

  it("maps the platform's refusal of a CR/LF header parameter to INVALID_REQUEST without keeping the value", async () => {
    const { downstream, GET } = setup();
    const before = server.requests.length;
    const error = await refusal(
      downstream.call(getItem, undefined, (fetch) =>
        GET("/items/{id}", { fetch, params: { path: { id: "i1" }, header: { "x-trace": "a\r\nx-injected: 1" } } }),
      ),
    );
    expect([error.location, error.operationId, error.cause]).toEqual(["header", "getItem", undefined]);
    expect(JSON.stringify(error)).not.toContain("injected");
    expect(error.message).not.toContain("injected");
    expect(server.requests.length - before).toBe(0);
  });

  it("an InvalidRequestError is an OutboundError with the exhaustive code", () => {
    const error = new InvalidRequestError({
      downstream: "d",
      operationId: "o",
      attempts: 0,
      location: "url",
      reason: "r",
    });
    expect(isOutboundError(error) && error.code).toBe("INVALID_REQUEST");
    expect([error.name, error.message]).toEqual([
      "InvalidRequestError",
      "d o: invalid request (url): r; request not sent",
    ]);
  });
});

describe("unfilled template", () => {
  it("refuses a typed call whose path parameters were never given (openapi-fetch leaves `{id}` in the URL)", async () => {
    const { downstream, GET } = setup();
    const before = server.requests.length;
    const error = await refusal(downstream.call(getItem, undefined, (fetch) => GET("/items/{id}", { fetch })));
    expect([error.location, error.parameter, error.operationId]).toEqual(["path", "id", "getItem"]);
    expect(server.requests.length - before).toBe(0);
  });
});
