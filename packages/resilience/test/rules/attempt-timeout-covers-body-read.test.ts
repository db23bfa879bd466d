/**
 * Seen in openai-node #1825: the attempt timeout must cover the body read, not stop at the headers.
 * Product decisions recorded here:
 * - The transport reads the whole body inside the attempt and hands openapi-fetch a Response built from the bytes,
 *   so the attempt timeout covers connect + headers + full body read (+ JSON parse, which is then instant).
 * - There is no streaming mode: a `text/event-stream` response is also read whole under the attempt timeout, so
 *   item 5's "idle timeout" does not exist; SSE comment lines (`: ping`) do NOT reset anything and the call fails
 *   at attemptTimeoutMs whatever the server keeps sending (asserted below).
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { createDownstream, createTransport, isDeadlineExceededError, isTimeoutError } from "../support/runtime.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const getReport = op("getReport", "GET", "/reports/{reportId}", "idempotent");
const getReportEvents = op("getReportEvents", "GET", "/reports/{reportId}/events", "idempotent");
const transport = createTransport();
let server: TestServer;
const timers = new Set<NodeJS.Timeout>();

function stall(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
  res.flushHeaders();
  timers.add(setTimeout(() => res.write('{"id":"r1","rows":['), 10));
}

function sse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  timers.add(setTimeout(() => res.write('data: {"n":1}\n\n'), 10));
  const ping = setInterval(() => res.write(": ping\n\n"), 500);
  timers.add(ping);
  res.on("close", () => clearInterval(ping));
}

beforeAll(async () => {
  server = await startTestServer((req, res) => (req.url?.endsWith("/events") ? sse(res) : stall(res)));
});
afterAll(async () => {
  for (const timer of timers) clearTimeout(timer);
  await server.close();
  await transport.close();
});

const retryOnce = { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, jitter: "none" } as const;

describe.concurrent("a 200 whose body stalls after the first chunk", () => {
  it("times out each attempt at 2000 ms, closes the socket, retries once, then rejects with TimeoutError", async () => {
    const downstream = createDownstream(
      { name: "body-read-timeout", transport, attemptTimeoutMs: 2_000, retry: retryOnce },
      [getReport],
    );
    const started = performance.now();
    const error: unknown = await downstream
      .call(getReport, undefined, (fetch) => looseClient(server.url).GET("/reports/r1", { fetch }))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && [error.code, error.timeoutMs, error.attempts]).toEqual(["TIMEOUT", 2_000, 2]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const seen = server.requests.filter((r) => r.url === "/reports/r1");
    expect(seen.length).toBe(2);
    for (const request of seen) {
      const closedAfter = (request.closedEarlyAt ?? Infinity) - request.arrivedAt;
      expect(closedAfter).toBeGreaterThanOrEqual(2_000 - 50);
      expect(closedAfter).toBeLessThan(2_000 + 500);
    }
    const gap = (seen[1]?.arrivedAt ?? 0) - (seen[0]?.arrivedAt ?? 0);
    expect(gap).toBeGreaterThanOrEqual(2_100 - 50);
    expect(gap).toBeLessThan(2_300 + 100);
    expect(elapsed).toBeLessThanOrEqual(2 * 2_300 + 100);
  });

  it("caps the whole call, retries included, at the deadline (totalTimeoutMs 3000)", async () => {
    const downstream = createDownstream(
      { name: "body-read-timeout", transport, attemptTimeoutMs: 2_000, totalTimeoutMs: 3_000, retry: retryOnce },
      [getReport],
    );
    const started = performance.now();
    const error: unknown = await downstream
      .call(getReport, undefined, (fetch) => looseClient(server.url).GET("/reports/r2", { fetch }))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isDeadlineExceededError(error) && [error.code, error.totalTimeoutMs, error.attempts]).toEqual([
      "DEADLINE_EXCEEDED",
      3_000,
      2,
    ]);
    expect(isDeadlineExceededError(error) && isTimeoutError(error.cause)).toBe(true);
    expect(server.requests.filter((r) => r.url === "/reports/r2").length).toBe(2);
    expect(elapsed).toBeGreaterThanOrEqual(3_000 - 20);
    expect(elapsed).toBeLessThanOrEqual(3_300);
  });
});

describe.concurrent("text/event-stream with `: ping` comments every 500 ms", () => {
  it("fails at attemptTimeoutMs: comments do not extend the attempt", async () => {
    const downstream = createDownstream(
      { name: "body-read-timeout", transport, attemptTimeoutMs: 2_000, retry: { maxAttempts: 1 } },
      [getReportEvents],
    );
    const started = performance.now();
    const error: unknown = await downstream
      .call(getReportEvents, undefined, (fetch) =>
        looseClient(server.url).GET("/reports/r1/events", { fetch, parseAs: "text" } as never),
      )
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && error.timeoutMs).toBe(2_000);
    expect(elapsed).toBeGreaterThanOrEqual(2_000 - 20);
    expect(elapsed).toBeLessThan(2_300);
  });
});
