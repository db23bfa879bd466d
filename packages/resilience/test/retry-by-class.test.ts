/**
 * What may be retried, by operation class, on real sockets: idempotent and keyed retry transient failures;
 * unsafe retries only failures before any byte was sent (connection refused); keyed calls keep one key per
 * logical call; the runtime re-checks the class when the types are bypassed.
 */
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import {
  type AnyCallOptions,
  createDownstream,
  createTransport,
  isNetworkError,
  isOutboundError,
  isTimeoutError,
  type RetryEvent,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

const transport = createTransport();
const fast = { initialDelayMs: 5, maxDelayMs: 5, jitter: "none" } as const;
// One path segment names the server's scenario (`/always-503`, `/reset` ...); the class is what these tests vary.
const sendMessage = op("sendMessage", "POST", "/{scenario}", "unsafe");
const createCharge = op("createCharge", "POST", "/{scenario}", "keyed");
const getThing = op("getThing", "GET", "/{scenario}", "idempotent");
let server: TestServer;

beforeAll(async () => {
  let resetFirstCount = 0;
  server = await startTestServer((req, res) => {
    if (req.url === "/reset-first") {
      resetFirstCount += 1;
      if (resetFirstCount % 2 === 1) req.socket.destroy();
      else json(res, 200, { ok: true });
      return;
    }
    if (req.url?.startsWith("/always-503")) json(res, 503, { error: "busy" });
    else if (req.url === "/reset") req.socket.destroy();
    else if (req.url === "/busy-for-minutes") json(res, 503, { error: "busy" }, { "retry-after": "120" });
    // The request was read whole; no answer ever comes.
    else if (req.url !== "/hang") json(res, 200, { ok: true });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function downstreamWith(retries: RetryEvent[] = []) {
  return createDownstream(
    {
      name: "classes",
      transport,
      retry: fast,
      breaker: { failureRatio: 1, minimumCalls: 20 },
      hooks: { onRetry: (e) => retries.push(e) },
    },
    [sendMessage, createCharge, getThing],
  );
}
const requestsTo = (path: string) => server.requests.filter((r) => r.url === path).length;

describe("unsafe", () => {
  it("is sent once on a 503 and the 503 is returned as a value", async () => {
    const before = requestsTo("/always-503");
    const result = await downstreamWith().call(sendMessage, undefined, (fetch) =>
      fetch(new Request(`${server.url}/always-503`, { method: "POST", body: "hi" })),
    );
    expect(result.status).toBe(503);
    expect(requestsTo("/always-503") - before).toBe(1);
  });

  it("is not retried when the socket resets after the request was sent", async () => {
    const before = requestsTo("/reset");
    const error: unknown = await downstreamWith()
      .call(sendMessage, undefined, (fetch) =>
        fetch(new Request(`${server.url}/reset`, { method: "POST", body: "hi" })),
      )
      .catch((e: unknown) => e);
    expect(isNetworkError(error) && [error.beforeSend, error.retryable, error.attempts, error.outcome]).toEqual([
      false,
      false,
      1,
      "unknown",
    ]);
    expect(requestsTo("/reset") - before).toBe(1);
  });

  it("times out after its bytes were sent: TIMEOUT, outcome unknown, retryable false (no outer layer may resend)", async () => {
    const before = requestsTo("/hang");
    const downstream = createDownstream({ name: "classes", transport, attemptTimeoutMs: 200 }, [sendMessage]);
    const error: unknown = await downstream
      .call(sendMessage, undefined, (fetch) => fetch(new Request(`${server.url}/hang`, { method: "POST", body: "hi" })))
      .catch((e: unknown) => e);
    expect(isTimeoutError(error) && [error.outcome, error.retryable, error.attempts, error.timeoutMs]).toEqual([
      "unknown",
      false,
      1,
      200,
    ]);
    expect(requestsTo("/hang") - before).toBe(1);
  });

  it("fails with outcome not-sent when every attempt was refused before a byte went out", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error: unknown = await downstreamWith()
      .call(sendMessage, undefined, (fetch) =>
        fetch(new Request(`http://127.0.0.1:${port}/messages`, { method: "POST", body: "hi" })),
      )
      .catch((e: unknown) => e);
    expect(isNetworkError(error) && [error.networkCode, error.outcome, error.retryable, error.attempts]).toEqual([
      "ECONNREFUSED",
      "not-sent",
      true,
      3,
    ]);
  });

  it("is retried after connection refused (nothing was sent), and succeeds once the server listens", async () => {
    const probe = createServer((_req, res) => json(res, 200, { delivered: true }));
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const retries: RetryEvent[] = [];
    const downstream = createDownstream(
      {
        name: "classes",
        transport,
        retry: { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 100, jitter: "none" },
        hooks: {
          onRetry: (e) => {
            retries.push(e);
            probe.listen(port, "127.0.0.1");
          },
        },
      },
      [sendMessage],
    );
    const result = await downstream.call(sendMessage, undefined, (fetch) =>
      looseClient(`http://127.0.0.1:${port}`).POST("/messages", { fetch, body: { text: "hi" } }),
    );
    probe.close();
    expect(result.data).toEqual({ delivered: true });
    expect(retries.map((e) => [e.attempt, e.failure.code, e.failure.networkCode])).toEqual([
      [1, "NETWORK", "ECONNREFUSED"],
    ]);
  });

  it("is retried after a connect timeout (nothing was sent): 2 attempts, then NETWORK UND_ERR_CONNECT_TIMEOUT", async () => {
    const child = fork(fileURLToPath(new URL("./support/blocked-listener.cjs", import.meta.url)));
    const port = await new Promise<number>((resolve) => child.once("message", (message) => resolve(Number(message))));
    const fillers = Array.from({ length: 8 }, () => connect(port, "127.0.0.1").on("error", () => undefined));
    const slowConnect = createTransport({ connectTimeoutMs: 300 });
    const retries: RetryEvent[] = [];
    try {
      await delay(100);
      const downstream = createDownstream(
        {
          name: "classes",
          transport: slowConnect,
          retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 10 },
          hooks: { onRetry: (e) => retries.push(e) },
        },
        [sendMessage],
      );
      const error: unknown = await downstream
        .call(sendMessage, undefined, (fetch) =>
          fetch(new Request(`http://127.0.0.1:${port}/messages`, { method: "POST", body: "hi" })),
        )
        .catch((e: unknown) => e);
      expect(isNetworkError(error) && [error.networkCode, error.beforeSend, error.attempts]).toEqual([
        "UND_ERR_CONNECT_TIMEOUT",
        true,
        2,
      ]);
      expect(retries.map((e) => e.failure.networkCode)).toEqual(["UND_ERR_CONNECT_TIMEOUT"]);
    } finally {
      child.kill();
      for (const socket of fillers) socket.destroy();
      await slowConnect.close();
    }
  });

  it("ignores retry options smuggled past the types (runtime re-check)", async () => {
    const before = requestsTo("/always-503");
    const smuggled = { retry: { maxAttempts: 5 } } as unknown as AnyCallOptions;
    const result = await downstreamWith().call(sendMessage, smuggled, (fetch) =>
      fetch(new Request(`${server.url}/always-503`, { method: "POST", body: "hi" })),
    );
    expect(result.status).toBe(503);
    expect(requestsTo("/always-503") - before).toBe(1);
  });

  it("treats a keyed operation without an idempotency header as unsafe", async () => {
    const broken = op("broken", "POST", "/always-503", "keyed", { idempotencyHeader: "" });
    const before = requestsTo("/always-503");
    const result = await createDownstream({ name: "classes", transport, retry: fast }, [broken]).call(
      broken,
      undefined,
      (fetch) => fetch(new Request(`${server.url}/always-503`, { method: "POST", body: "x" })),
    );
    expect(result.status).toBe(503);
    expect(requestsTo("/always-503") - before).toBe(1);
  });
});

describe("idempotent and keyed", () => {
  it("retries an idempotent GET after a reset and succeeds", async () => {
    const retries: RetryEvent[] = [];
    const before = requestsTo("/reset-first");
    const result = await downstreamWith(retries).call(getThing, undefined, (fetch) =>
      looseClient(server.url).GET("/reset-first", { fetch }),
    );
    expect(result.data).toEqual({ ok: true });
    expect(requestsTo("/reset-first") - before).toBe(2);
    expect(retries.map((e) => e.failure.code)).toEqual(["NETWORK"]);
  });

  it("retries a keyed POST to maxAttempts with one key per logical call, and a fresh key for the next call", async () => {
    const downstream = downstreamWith();
    const before = server.requests.length;
    const first = await downstream.call(createCharge, undefined, (fetch) =>
      looseClient(server.url).POST("/always-503", { fetch, body: { amount: 1 } }),
    );
    const second = await downstream.call(createCharge, undefined, (fetch) =>
      looseClient(server.url).POST("/always-503", { fetch, body: { amount: 1 } }),
    );
    const third = await downstream.call(createCharge, { idempotencyKey: "caller-key" }, (fetch) =>
      looseClient(server.url).POST("/always-503", { fetch, body: { amount: 1 } }),
    );
    expect([first.response.status, second.response.status, third.response.status]).toEqual([503, 503, 503]);
    const keys = server.requests.slice(before).map((r) => r.headers["idempotency-key"]);
    expect(keys.length).toBe(9);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(new Set(keys.slice(3, 6)).size).toBe(1);
    expect(keys[0]).not.toBe(keys[3]);
    expect(keys.slice(6)).toEqual(["caller-key", "caller-key", "caller-key"]);
  });

  it("keeps an Idempotency-Key the request already carries", async () => {
    const before = server.requests.length;
    await downstreamWith().call(createCharge, undefined, (fetch) =>
      looseClient(server.url).POST("/always-503", { fetch, body: {}, headers: { "Idempotency-Key": "from-params" } }),
    );
    expect(server.requests.slice(before).map((r) => r.headers["idempotency-key"])).toEqual([
      "from-params",
      "from-params",
      "from-params",
    ]);
  });

  it("an idempotent attempt that times out says outcome unknown and stays retryable (a resend is safe)", async () => {
    const downstream = createDownstream(
      { name: "classes", transport, attemptTimeoutMs: 100, retry: { ...fast, maxAttempts: 2 } },
      [getThing],
    );
    const before = requestsTo("/hang");
    const error: unknown = await downstream
      .call(getThing, undefined, (fetch) => looseClient(server.url).GET("/hang", { fetch }))
      .catch((e: unknown) => e);
    expect(isTimeoutError(error) && [error.outcome, error.retryable, error.attempts]).toEqual(["unknown", true, 2]);
    expect(requestsTo("/hang") - before).toBe(2);
  });

  it("a keyed call stopped after an HTTP answer says outcome answered (its cause is the answer)", async () => {
    const error: unknown = await downstreamWith()
      .call(createCharge, undefined, (fetch) =>
        looseClient(server.url).POST("/busy-for-minutes", { fetch, body: { amount: 1 } }),
      )
      .catch((e: unknown) => e);
    expect(isOutboundError(error) && [error.code, error.outcome, error.retryable, error.attempts]).toEqual([
      "RETRY_AFTER_TOO_LONG",
      "answered",
      false,
      1,
    ]);
    const cause = isOutboundError(error) ? error.cause : undefined;
    expect(isOutboundError(cause) && [cause.code, cause.outcome]).toEqual(["HTTP_STATUS", "answered"]);
  });

  it("uses an Idempotency-Key given in the call's headers (any casing) on every attempt", async () => {
    const before = server.requests.length;
    const result = await downstreamWith().call(
      createCharge,
      { headers: { "IDEMPOTENCY-key": "header-key" } },
      (fetch) => looseClient(server.url).POST("/always-503", { fetch, body: { amount: 1 } }),
    );
    expect(result.response.status).toBe(503);
    expect(server.requests.slice(before).map((r) => r.headers["idempotency-key"])).toEqual([
      "header-key",
      "header-key",
      "header-key",
    ]);
  });

  it("turns retries off with retry: false", async () => {
    const before = requestsTo("/always-503");
    await downstreamWith().call(getThing, { retry: false }, (fetch) =>
      looseClient(server.url).GET("/always-503", { fetch }),
    );
    expect(requestsTo("/always-503") - before).toBe(1);
  });
});
