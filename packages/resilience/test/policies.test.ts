/** Bulkhead, retry budget and hooks against a real loopback server. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import {
  type BreakerEvent,
  createDownstream,
  createTransport,
  type GiveUpEvent,
  isAbortedError,
  isBulkheadFullError,
  isHttpStatusError,
  isRetryBudgetExhaustedError,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

const transport = createTransport();
const getThing = op("getThing", "GET", "/things/{id}", "idempotent");
let server: TestServer;
const held: (() => void)[] = [];

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    if (req.url?.startsWith("/things/hold")) held.push(() => json(res, 200, { held: true }));
    else if (req.url?.startsWith("/things/busy")) json(res, 503, { error: "busy" });
    else json(res, 200, { ok: true });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const get = (downstream: ReturnType<typeof createDownstream>, path: string, signal?: AbortSignal) =>
  downstream.call(getThing, signal === undefined ? undefined : { signal }, (fetch) =>
    looseClient(server.url).GET(path, { fetch }),
  );

describe("bulkhead (maxConcurrent 2, maxQueue 1)", () => {
  it("queues the third attempt, refuses the fourth with BULKHEAD_FULL without sending, and lets an aborted waiter leave at once", async () => {
    const downstream = createDownstream({ name: "bulk", transport, bulkhead: { maxConcurrent: 2, maxQueue: 1 } }, [
      getThing,
    ]);
    const before = server.requests.length;
    const running = [get(downstream, "/things/hold"), get(downstream, "/things/hold")];
    await delay(50);
    const waiter = new AbortController();
    const reason = new Error("stop waiting");
    const queued = get(downstream, "/things/hold", waiter.signal).catch((e: unknown) => e);
    const refused: unknown = await get(downstream, "/things/hold").catch((e: unknown) => e);
    expect(
      isBulkheadFullError(refused) && [refused.code, refused.maxConcurrent, refused.maxQueue, refused.attempts],
    ).toEqual(["BULKHEAD_FULL", 2, 1, 0]);
    const abortedAt = performance.now();
    waiter.abort(reason);
    const queuedError = await queued;
    expect(performance.now() - abortedAt).toBeLessThan(50);
    expect(isAbortedError(queuedError) && queuedError.cause).toBe(reason);
    // The aborted waiter freed its queue slot: a new caller can queue, and runs when a slot frees.
    const next = get(downstream, "/things/ok");
    expect(server.requests.length - before).toBe(2);
    for (const release of held.splice(0)) release();
    const results = await Promise.all([...running, next]);
    expect(results.map((r) => r.data)).toEqual([{ held: true }, { held: true }, { ok: true }]);
    expect(server.requests.length - before).toBe(3);
  });
});

describe("retry budget", () => {
  it("fails with RETRY_BUDGET_EXHAUSTED carrying the 503 when no retry is allowed", async () => {
    const downstream = createDownstream(
      { name: "budget", transport, retryBudget: { ratio: 0, minConcurrentRetries: 0 } },
      [getThing],
    );
    const before = server.requests.length;
    const error: unknown = await get(downstream, "/things/busy").catch((e: unknown) => e);
    expect(isRetryBudgetExhaustedError(error) && [error.code, error.attempts]).toEqual(["RETRY_BUDGET_EXHAUSTED", 1]);
    expect(isRetryBudgetExhaustedError(error) && isHttpStatusError(error.cause) && error.cause.status).toBe(503);
    expect(server.requests.length - before).toBe(1);
  });

  it("caps concurrent retries at the floor when traffic is low: 5 failing calls, 3 retried", async () => {
    const downstream = createDownstream(
      {
        name: "budget",
        transport,
        retry: { maxAttempts: 2, initialDelayMs: 100, maxDelayMs: 100, jitter: "none" },
        retryBudget: { ratio: 0, minConcurrentRetries: 3 },
        breaker: { failureRatio: 1, minimumCalls: 20 },
      },
      [getThing],
    );
    const before = server.requests.length;
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        get(downstream, "/things/busy").then(
          (r) => r.response.status,
          (e: unknown) => (isRetryBudgetExhaustedError(e) ? e.code : e),
        ),
      ),
    );
    expect(results.filter((r) => r === 503).length).toBe(3);
    expect(results.filter((r) => r === "RETRY_BUDGET_EXHAUSTED").length).toBe(2);
    expect(server.requests.length - before).toBe(8);
  });
});

describe("hooks", () => {
  it("reports attempts, retries, breaker transitions and give-ups, and survives a throwing hook", async () => {
    const events: string[] = [];
    const breakerEvents: BreakerEvent[] = [];
    const giveUps: GiveUpEvent[] = [];
    const downstream = createDownstream(
      {
        name: "hooked",
        transport,
        retry: { maxAttempts: 2, initialDelayMs: 5, maxDelayMs: 5, jitter: "none" },
        breaker: { windowSize: 2, minimumCalls: 2, failureRatio: 1, halfOpenAfterMs: 50 },
        hooks: {
          onAttempt: (e) => {
            events.push(`attempt ${e.attempt} ${e.method} ${e.urlTemplate}`);
            throw new Error("a broken hook must not break the call");
          },
          onRetry: (e) =>
            events.push(`retry after ${e.attempt} in ${e.delayMs} ms (${e.delaySource}, ${e.failure.status})`),
          onBreak: (e) => breakerEvents.push(e),
          onHalfOpen: (e) => breakerEvents.push(e),
          onReset: (e) => breakerEvents.push(e),
          onGiveUp: (e) => giveUps.push(e),
        },
      },
      [getThing],
    );
    const failed = await get(downstream, "/things/busy");
    expect(failed.response.status).toBe(503);
    await delay(60);
    const ok = await get(downstream, "/things/ok");
    expect(ok.data).toEqual({ ok: true });
    expect(events).toEqual([
      "attempt 1 GET /things/{id}",
      "retry after 1 in 5 ms (backoff, 503)",
      "attempt 2 GET /things/{id}",
      "attempt 1 GET /things/{id}",
    ]);
    expect(breakerEvents).toEqual([
      { downstream: "hooked", state: "open" },
      { downstream: "hooked", state: "half-open" },
      { downstream: "hooked", state: "closed" },
    ]);
    expect(giveUps).toEqual([
      { downstream: "hooked", operationId: "getThing", attempts: 2, reason: "max-attempts", failure: { status: 503 } },
    ]);
  });
});
