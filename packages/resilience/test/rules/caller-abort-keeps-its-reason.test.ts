/**
 * Seen in cockatiel #99: a caller's cancellation must surface as the caller's reason, never as a timeout, and
 * must not count as a failure.
 * Product decisions recorded here:
 * - One strategy, both halves: the attempt's signal goes to the transport (cooperative: undici destroys the socket)
 *   and the pipeline also races the abort (aggressive: it never waits for the transport to notice). The test
 *   checks both effects: prompt rejection and the server seeing its socket closed.
 * - The rejection is the product's AbortedError (code ABORTED) whose `cause === R`; never TimeoutError.
 * - The breaker counts per attempt: test B (3 timed-out attempts of one logical call) adds 3 failures.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import {
  type AttemptSignal,
  createDownstream,
  createTransport,
  isAbortedError,
  isTimeoutError,
  type Transport,
} from "../support/runtime.js";
import { json, startTestServer, type TestServer } from "../support/test-server.js";

class UserCancelled extends Error {}

const getSlow = op("getSlow", "GET", "/slow", "idempotent");
const pooled = createTransport();
let server: TestServer;
const signals: AttemptSignal[] = [];
/** The real pooled transport, recording the signal each attempt hands to it. */
const recording: Transport = {
  send: (request) => {
    signals.push(request.signal);
    return pooled.send(request);
  },
  close: () => pooled.close(),
};

beforeAll(async () => {
  server = await startTestServer((_req, res) => {
    setTimeout(() => {
      if (!res.destroyed) json(res, 200, {});
    }, 2_000);
  });
});
afterAll(async () => {
  await server.close();
  await pooled.close();
});

function makeDownstream(attemptTimeoutMs: number) {
  return createDownstream(
    {
      name: "caller-abort",
      transport: recording,
      attemptTimeoutMs,
      retry: { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 50, jitter: "none" },
      breaker: { windowSize: 20, minimumCalls: 20 },
    },
    [getSlow],
  );
}

describe("A: the caller cancels at 100 ms (attempt timeout 5000 ms)", () => {
  it("rejects with the caller's reason within 150 ms, closes the socket, does not retry, does not count a failure", async () => {
    const downstream = makeDownstream(5_000);
    const before = server.requests.length;
    const breakerBefore = downstream.breakerSnapshot();
    const R = new UserCancelled("left the page");
    const ctrl = new AbortController();
    const started = performance.now();
    setTimeout(() => ctrl.abort(R), 100);
    const error: unknown = await downstream
      .call(getSlow, { signal: ctrl.signal }, (fetch) => looseClient(server.url).GET("/slow", { fetch }))
      .catch((e: unknown) => e);
    const rejectedAt = performance.now() - started;
    expect(isAbortedError(error) && error.cause).toBe(R);
    expect(isTimeoutError(error)).toBe(false);
    expect((error as Error).name).toBe("AbortedError");
    expect(rejectedAt).toBeLessThan(250);
    const transportSignal = signals.at(-1);
    expect(transportSignal?.aborted).toBe(true);
    expect(transportSignal?.reason).toBe(R);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.requests.length - before).toBe(1);
    const seen = server.requests.at(-1);
    expect(seen?.closedEarlyAt).toBeDefined();
    expect((seen?.closedEarlyAt ?? Infinity) - (seen?.arrivedAt ?? 0)).toBeLessThan(300);
    expect(downstream.breakerSnapshot()).toEqual(breakerBefore);
    expect(downstream.breakerSnapshot()).toEqual({ state: "closed", calls: 0, failures: 0, nextProbeAt: undefined });
  });
});

describe("B: control, a real attempt timeout of 500 ms", () => {
  it("rejects each attempt at ~500 ms with TimeoutError, retries to 3 attempts, and counts 3 failures (per attempt)", async () => {
    const downstream = makeDownstream(500);
    const before = server.requests.length;
    const started = performance.now();
    const error: unknown = await downstream
      .call(getSlow, undefined, (fetch) => looseClient(server.url).GET("/slow", { fetch }))
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(isTimeoutError(error) && [error.code, error.timeoutMs, error.attempts]).toEqual(["TIMEOUT", 500, 3]);
    expect(server.requests.length - before).toBe(3);
    const arrivals = server.requests.slice(before).map((r) => r.arrivedAt);
    const firstGap = (arrivals[1] ?? 0) - (arrivals[0] ?? 0);
    expect(firstGap).toBeGreaterThanOrEqual(500 + 50 - 5);
    expect(firstGap).toBeLessThan(500 + 50 + 150);
    expect(elapsed).toBeGreaterThanOrEqual(1_600 - 10);
    expect(elapsed).toBeLessThan(2_200);
    expect(downstream.breakerSnapshot()).toEqual({ state: "closed", calls: 3, failures: 3, nextProbeAt: undefined });
  });
});
