import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createTransport,
  DEFAULT_RESILIENCE_OPTIONS,
  InvalidOptionsError,
  isAbortedError,
  isDeadlineExceededError,
  isNetworkError,
  isOutboundError,
  isResponseParseError,
  isTimeoutError,
  runWithRequestContext,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

const getItem = op("getItem", "GET", "/items/{id}", "idempotent", { retry: { maxAttempts: 1 } });
const transport = createTransport();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.url === "/items/hang") return; // never answers
    if (req.url === "/items/slow") {
      setTimeout(() => json(res, 200, { id: "slow" }), 300);
      return;
    }
    if (req.url === "/items/bad-json") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"id":');
      return;
    }
    json(res, 200, { id: req.url?.split("/").pop() });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

describe("createDownstream", () => {
  it("sends through the transport and returns the response as a value", async () => {
    const downstream = createDownstream({ name: "items", transport, requestId: "req-1" }, [getItem]);
    const response = await downstream.call(getItem, undefined, (fetch) => fetch(new Request(`${server.url}/items/a1`)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id: "a1" });
    const seen = server.requests.at(-1);
    expect(seen?.headers["x-request-id"]).toBe("req-1");
    const left = Number(seen?.headers["x-outbound-timeout-ms"]);
    expect(left).toBeGreaterThan(DEFAULT_RESILIENCE_OPTIONS.totalTimeoutMs - 1_000);
    expect(left).toBeLessThanOrEqual(DEFAULT_RESILIENCE_OPTIONS.totalTimeoutMs);
  });

  it("serves openapi-fetch's path-based calls and maps a truncated JSON body to RESPONSE_PARSE", async () => {
    const downstream = createDownstream({ name: "items", transport }, [getItem]);
    const client = downstream.pathClient(createClient<Record<string, never>>({ baseUrl: server.url }));
    const ok = await (client as unknown as { GET: (path: string) => Promise<{ data: unknown }> }).GET("/items/b2");
    expect(ok.data).toEqual({ id: "b2" });
    const before = server.requests.length;
    const error: unknown = await downstream
      .call(getItem, undefined, (fetch) => createClient({ baseUrl: server.url, fetch }).GET("/items/bad-json" as never))
      .catch((e: unknown) => e);
    expect(isResponseParseError(error)).toBe(true);
    expect(isResponseParseError(error) && [error.status, error.operationId, error.downstream, error.attempts]).toEqual([
      200,
      "getItem",
      "items",
      1,
    ]);
    expect(server.requests.length - before).toBe(1);
  });

  it("times out an attempt that never answers with TIMEOUT", async () => {
    const downstream = createDownstream({ name: "items", transport, attemptTimeoutMs: 200 }, [getItem]);
    const started = performance.now();
    const error: unknown = await downstream
      .call(getItem, undefined, (fetch) => fetch(new Request(`${server.url}/items/hang`)))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && [error.code, error.timeoutMs, error.attempts, error.retryable]).toEqual([
      "TIMEOUT",
      200,
      1,
      true,
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("clamps the attempt to the deadline and fails with DEADLINE_EXCEEDED", async () => {
    const downstream = createDownstream({ name: "items", transport, totalTimeoutMs: 150, attemptTimeoutMs: 5_000 }, [
      getItem,
    ]);
    const started = performance.now();
    const error: unknown = await downstream
      .call(getItem, undefined, (fetch) => fetch(new Request(`${server.url}/items/hang`)))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isDeadlineExceededError(error) && [error.code, error.totalTimeoutMs]).toEqual(["DEADLINE_EXCEEDED", 150]);
    expect(elapsed).toBeGreaterThanOrEqual(140);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("never outlives the inbound deadline of the request context", async () => {
    const downstream = createDownstream({ name: "items", transport }, [getItem]);
    const error: unknown = await runWithRequestContext({ requestId: "inbound-7", deadlineAt: Date.now() + 100 }, () =>
      downstream.call(getItem, undefined, (fetch) => fetch(new Request(`${server.url}/items/slow`))),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "DEADLINE_EXCEEDED" });
    expect(server.requests.at(-1)?.headers["x-request-id"]).toBe("inbound-7");
    expect(Number(server.requests.at(-1)?.headers["x-outbound-timeout-ms"])).toBeLessThanOrEqual(100);
  });

  it("rejects a caller abort at once with ABORTED carrying the caller's reason", async () => {
    const downstream = createDownstream({ name: "items", transport }, [getItem]);
    const controller = new AbortController();
    const reason = new Error("user left");
    setTimeout(() => controller.abort(reason), 50);
    const started = performance.now();
    const error: unknown = await downstream
      .call(getItem, { signal: controller.signal }, (fetch) => fetch(new Request(`${server.url}/items/hang`)))
      .catch((e: unknown) => e);
    expect(isAbortedError(error) && error.cause).toBe(reason);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("maps connection refused to NETWORK with the system code, and hides undici's error class", async () => {
    const closed = await startTestServer(() => undefined);
    const url = closed.url;
    await closed.close();
    const downstream = createDownstream({ name: "items", transport }, [getItem]);
    const error: unknown = await downstream
      .call(getItem, undefined, (fetch) => fetch(new Request(`${url}/items/x`)))
      .catch((e: unknown) => e);
    expect(isNetworkError(error) && [error.networkCode, error.beforeSend]).toEqual(["ECONNREFUSED", true]);
    expect(isOutboundError(error) && (error.cause as Error).constructor).toBe(Error);
  });

  it("rejects invalid options at construction, naming the option", () => {
    expect(() => createDownstream({ name: "items", retry: { initialDelayMs: 1_000, maxDelayMs: 100 } }, [])).toThrow(
      InvalidOptionsError,
    );
    expect(() => createDownstream({ name: "items", attemptTimeoutMs: -1 }, [])).toThrow(
      "Invalid option attemptTimeoutMs",
    );
    expect(() => createDownstream({ name: "" }, [])).toThrow("Invalid option name");
  });
});
