/**
 * Cancellation on the pooled transport (no AbortController per attempt: an undici EventEmitter signal) and on the
 * waits that have no attempt timer of their own. A request still waiting for a pooled connection is invisible to
 * undici's abort handling until it gets one, so the pipeline must settle the call by itself.
 */
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createTransport,
  type DownstreamPipeline,
  isAbortedError,
  isDeadlineExceededError,
  isTimeoutError,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

const getHang = op("getHang", "GET", "/hang", "idempotent");
const getQuick = op("getQuick", "GET", "/quick", "idempotent");
/** One keep-alive connection: a second request waits in undici's queue while the first hangs. */
const single = createTransport({ connections: 1 });
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.url === "/hang") setTimeout(() => res.destroyed || json(res, 200, { late: true }), 1_500);
    else json(res, 200, { ok: true });
  });
});
afterAll(async () => {
  await server.close();
  await single.close();
});

function downstreamOf(extra: { bulkhead?: { maxConcurrent: number; maxQueue: number } } = {}): DownstreamPipeline {
  return createDownstream(
    { name: "abort-plumbing", transport: single, retry: { maxAttempts: 1 }, attemptTimeoutMs: 1_000, ...extra },
    [getHang, getQuick],
  );
}

const call = (
  downstream: DownstreamPipeline,
  path: "/hang" | "/quick",
  options: Parameters<DownstreamPipeline["call"]>[1],
) =>
  downstream
    .call(path === "/hang" ? getHang : getQuick, options, (fetch) => looseClient(server.url).GET(path, { fetch }))
    .catch((error: unknown) => error);

describe("a request waiting for the single pooled connection", () => {
  it("rejects at once with the caller's reason, sends nothing, and leaves no listener on the signal", async () => {
    const downstream = downstreamOf();
    const hanging = call(downstream, "/hang", undefined);
    await delay(50);
    const before = server.requests.length;
    const ctrl = new AbortController();
    const reason = new Error("user left");
    const waiting = call(downstream, "/quick", { signal: ctrl.signal });
    await delay(100);
    const abortedAt = performance.now();
    ctrl.abort(reason);
    const error = await waiting;
    expect(performance.now() - abortedAt).toBeLessThan(100);
    expect(isAbortedError(error) && [error.code, error.cause, error.attempts]).toEqual(["ABORTED", reason, 1]);
    expect(getEventListeners(ctrl.signal, "abort").length).toBe(0);
    const first = await hanging;
    expect(isTimeoutError(first) && [first.code, first.timeoutMs]).toEqual(["TIMEOUT", 1_000]);
    await delay(50);
    // The aborted request never reached the server; the hanging one was the only one sent.
    expect(server.requests.slice(before).map((r) => r.url)).toEqual([]);
  });

  it("fails with DEADLINE_EXCEEDED when the deadline runs out first, at the deadline", async () => {
    const downstream = downstreamOf();
    const hanging = call(downstream, "/hang", undefined);
    await delay(50);
    const started = performance.now();
    const error = await call(downstream, "/quick", { totalTimeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(isDeadlineExceededError(error) && [error.code, error.totalTimeoutMs, error.attempts]).toEqual([
      "DEADLINE_EXCEEDED",
      300,
      1,
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(500);
    await hanging;
  });
});

describe("a call queued in the bulkhead (no attempt timer yet)", () => {
  it("leaves the queue with DEADLINE_EXCEEDED when the deadline runs out, having sent nothing", async () => {
    const downstream = downstreamOf({ bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
    const hanging = call(downstream, "/hang", undefined);
    await delay(50);
    const before = server.requests.length;
    const started = performance.now();
    const error = await call(downstream, "/quick", { totalTimeoutMs: 250 });
    const elapsed = performance.now() - started;
    expect(isDeadlineExceededError(error) && [error.code, error.totalTimeoutMs, error.attempts]).toEqual([
      "DEADLINE_EXCEEDED",
      250,
      0,
    ]);
    expect(elapsed).toBeGreaterThanOrEqual(240);
    expect(elapsed).toBeLessThan(450);
    expect(server.requests.length).toBe(before);
    await hanging;
  });
});
