/**
 * Seen in cockatiel #81: retry + timeout must not leak `abort` listeners on the caller's long-lived signal.
 * Product: the deadline derives one listener on the caller's signal per logical call and removes it when the call
 * settles; attempt timeouts listen on the call's internal deadline signal, never on the caller's.
 */
import { getEventListeners } from "node:events";
import { afterAll, beforeAll, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { createDownstream, createTransport, isAbortedError } from "../support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "../support/test-server.js";

const getFlaky = op("getFlaky", "GET", "/flaky", "idempotent");
const transport = createTransport();
let server: TestServer;
let mode: { phase: 1 | 2 | 3; count: number } = { phase: 1, count: 0 };
const warnings: Error[] = [];
const onWarning = (warning: Error): void => {
  warnings.push(warning);
};

beforeAll(async () => {
  process.on("warning", onWarning);
  server = await startTestServer((_req, res) => {
    mode.count += 1;
    if (mode.phase === 3) {
      setTimeout(() => json(res, 200, { ok: true }), 5_000);
      return;
    }
    const failures = mode.phase === 1 ? 15 : 2;
    const position = mode.phase === 1 ? mode.count : ((mode.count - 1) % 3) + 1;
    if (position <= failures) json(res, 503, { busy: true });
    else json(res, 200, { ok: true });
  });
});
afterAll(async () => {
  process.off("warning", onWarning);
  await server.close();
  await transport.close();
});

it("leaves the caller's signal with its baseline listener count after every call, and still aborts at the end", async () => {
  const downstream = createDownstream(
    {
      name: "listener-leak",
      transport,
      attemptTimeoutMs: 1_000,
      retry: { maxAttempts: 16, initialDelayMs: 1, maxDelayMs: 1 },
      // Keep the breaker out of the way: this case is about listeners, not about opening on 15 failures.
      breaker: { windowSize: 20, minimumCalls: 20, failureRatio: 1 },
    },
    [getFlaky],
  );
  const client = looseClient(server.url);
  const ctrl = new AbortController();
  const baseline = getEventListeners(ctrl.signal, "abort").length;
  expect(baseline).toBe(0);
  const getFlakyCall = () =>
    downstream.call(getFlaky, { signal: ctrl.signal }, (fetch) => client.GET("/flaky", { fetch }));

  // Phase 1: 15 × 503, then 200.
  const first = await getFlakyCall();
  expect(first.data).toEqual({ ok: true });
  expect(mode.count).toBe(16);
  expect(getEventListeners(ctrl.signal, "abort").length).toBe(baseline);

  // Phase 2: 200 sequential calls of 503, 503, 200.
  mode = { phase: 2, count: 0 };
  for (let i = 0; i < 200; i += 1) {
    const result = await getFlakyCall();
    expect(result.data).toEqual({ ok: true });
    expect(getEventListeners(ctrl.signal, "abort").length).toBe(baseline);
  }
  expect(mode.count).toBe(600);
  expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);

  // Phase 3: abort the shared signal while a call is in flight against a 5 s response.
  mode = { phase: 3, count: 0 };
  const shutdown = new Error("shutdown");
  const inFlight = getFlakyCall().catch((e: unknown) => e);
  await delay(50);
  const abortedAt = performance.now();
  ctrl.abort(shutdown);
  const error = await inFlight;
  expect(performance.now() - abortedAt).toBeLessThan(100);
  expect(isAbortedError(error) && error.cause).toBe(shutdown);
  await delay(100);
  expect(server.requests.at(-1)?.closedEarlyAt).toBeDefined();

  // A call started after the abort rejects at once with the same reason and sends nothing.
  const before = server.requests.length;
  const late: unknown = await getFlakyCall().catch((e: unknown) => e);
  expect(isAbortedError(late) && late.cause).toBe(shutdown);
  expect(server.requests.length).toBe(before);
  expect(getEventListeners(ctrl.signal, "abort").length).toBe(baseline);
}, 30_000);
