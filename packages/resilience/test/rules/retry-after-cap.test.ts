/**
 * Seen in openai-node #1840, PR #1924: Retry-After honoured up to a cap, boundary inclusive, waits abortable.
 * Product decisions recorded here:
 * - The reported "RateLimitError" is the product's RetryAfterTooLongError (code RETRY_AFTER_TOO_LONG) carrying
 *   `status` 429 and `retryAfterMs`; the 429 itself is its `cause` (an HttpStatusError).
 * - A Retry-After that would outlive the call's deadline fails at once with DeadlineExceededError carrying
 *   `retryAfterMs` and the 429 as `cause`.
 * - The 60 s row does not wait 60 s: the onRetry hook reports the scheduled wait (exactly 60 000 ms, source
 *   "retry-after", so the inclusive boundary is honoured), then the caller aborts the wait. 60 001 ms is covered
 *   at unit level (test/unit/retry-after.test.ts, planRetry).
 * - Invalid values ("soon", "-5") fall back to backoff: with initialDelayMs 200 and equal jitter the first
 *   retry waits within [100, 200] ms.
 * - Every row runs on its own loopback server, concurrently; the first response is read whole by the transport
 *   before the wait (case 017 checks the socket side).
 */
import { describe, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import {
  createDownstream,
  createTransport,
  isAbortedError,
  isDeadlineExceededError,
  isHttpStatusError,
  isRetryAfterTooLongError,
  type RetryEvent,
} from "../support/runtime.js";
import { json, startTestServer, type TestServer } from "../support/test-server.js";

const getQuota = op("getQuota", "GET", "/quota", "idempotent");
const transport = createTransport();

async function scenario(
  status: number,
  headers: Record<string, string> | (() => Record<string, string>),
  options: { totalTimeoutMs?: number; abortAfterFirstMs?: number } = {},
) {
  const server: TestServer = await startTestServer((_req, res, _seen, index) => {
    if (index === 0) json(res, status, { error: "slow down" }, typeof headers === "function" ? headers() : headers);
    else json(res, 200, { remaining: 5 });
  });
  const retries: RetryEvent[] = [];
  const downstream = createDownstream(
    {
      name: "retry-after",
      transport,
      totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
      retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 800, jitter: "equal", maxRetryAfterMs: 60_000 },
      hooks: { onRetry: (event) => retries.push(event) },
    },
    [getQuota],
  );
  const ctrl = new AbortController();
  const reason = new Error("caller gave up");
  const started = performance.now();
  const result = await downstream
    .call(getQuota, { signal: ctrl.signal }, (fetch) => {
      if (options.abortAfterFirstMs !== undefined) {
        const timer = setInterval(() => {
          if (server.requests[0]?.finishedAt !== undefined) {
            clearInterval(timer);
            setTimeout(() => ctrl.abort(reason), options.abortAfterFirstMs);
          }
        }, 1);
      }
      return looseClient(server.url).GET("/quota", { fetch });
    })
    .then(
      (r) => ({ data: r.data, error: undefined }),
      (error: unknown) => ({ data: undefined, error }),
    );
  const elapsed = performance.now() - started;
  await server.close();
  const [first, second] = server.requests;
  const gap = second === undefined || first?.finishedAt === undefined ? undefined : second.arrivedAt - first.finishedAt;
  const firstEnd = first?.finishedAt === undefined ? 0 : first.finishedAt - started;
  return { ...result, requests: server.requests.length, gap, retries, elapsed, firstEnd, reason };
}

describe.concurrent("Retry-After rows (maxRetryAfterMs 60 000)", () => {
  it("429 Retry-After: 2 → second request after [2000, 2500] ms", async () => {
    const r = await scenario(429, { "retry-after": "2" });
    expect(r.data).toEqual({ remaining: 5 });
    expect(r.requests).toBe(2);
    expect(r.gap).toBeGreaterThanOrEqual(2_000);
    expect(r.gap).toBeLessThanOrEqual(2_500);
    expect(r.retries.map((e) => [e.delayMs, e.delaySource, e.failure.status])).toEqual([[2_000, "retry-after", 429]]);
  });

  it("503 Retry-After: <HTTP-date now + 3 s> → gap in [2500, 3500] ms", async () => {
    const r = await scenario(503, () => ({
      "retry-after": new Date(Math.round((Date.now() + 3_000) / 1_000) * 1_000).toUTCString(),
    }));
    expect(r.data).toEqual({ remaining: 5 });
    expect(r.requests).toBe(2);
    expect(r.gap).toBeGreaterThanOrEqual(2_500 - 5);
    expect(r.gap).toBeLessThanOrEqual(3_500);
  });

  it("429 retry-after-ms: 1500 → gap in [1500, 2000] ms", async () => {
    const r = await scenario(429, { "retry-after-ms": "1500" });
    expect(r.requests).toBe(2);
    expect(r.gap).toBeGreaterThanOrEqual(1_500);
    expect(r.gap).toBeLessThanOrEqual(2_000);
  });

  it("429 Retry-After: 60 → honoured (inclusive boundary): the scheduled wait is exactly 60 000 ms", async () => {
    const r = await scenario(429, { "retry-after": "60" }, { abortAfterFirstMs: 100 });
    expect(r.retries.map((e) => [e.delayMs, e.delaySource])).toEqual([[60_000, "retry-after"]]);
    expect(isAbortedError(r.error) && r.error.cause).toBe(r.reason);
    expect(r.requests).toBe(1);
  });

  it("429 Retry-After: 600 → no second request, RETRY_AFTER_TOO_LONG within 1000 ms with status 429 and retryAfterMs 600000", async () => {
    const r = await scenario(429, { "retry-after": "600" });
    expect(r.requests).toBe(1);
    expect(r.elapsed).toBeLessThan(1_000);
    expect(
      isRetryAfterTooLongError(r.error) && [
        r.error.code,
        r.error.status,
        r.error.retryAfterMs,
        r.error.maxRetryAfterMs,
        r.error.attempts,
      ],
    ).toEqual(["RETRY_AFTER_TOO_LONG", 429, 600_000, 60_000, 1]);
    expect(isRetryAfterTooLongError(r.error) && isHttpStatusError(r.error.cause) && r.error.cause.status).toBe(429);
    expect(r.retries).toEqual([]);
  });

  it.each(["soon", "-5"])(
    "429 Retry-After: %s (invalid) → ignored, backoff used: gap in [100, 200] ms",
    async (value) => {
      const r = await scenario(429, { "retry-after": value });
      expect(r.requests).toBe(2);
      expect(r.retries.map((e) => e.delaySource)).toEqual(["backoff"]);
      const delay = r.retries[0]?.delayMs ?? -1;
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
      expect(r.gap).toBeGreaterThanOrEqual(100);
      expect(r.gap).toBeLessThanOrEqual(200 + 100);
    },
  );

  it("429 Retry-After: 0 → retried at once (gap < 250 ms)", async () => {
    const r = await scenario(429, { "retry-after": "0" });
    expect(r.requests).toBe(2);
    expect(r.retries.map((e) => [e.delayMs, e.delaySource])).toEqual([[0, "retry-after"]]);
    expect(r.gap).toBeGreaterThanOrEqual(0);
    expect(r.gap).toBeLessThan(250);
  });

  it("429 Retry-After: 2 with a 1000 ms deadline → no second request, DEADLINE_EXCEEDED carrying the wait and the 429, at <= 1100 ms", async () => {
    const r = await scenario(429, { "retry-after": "2" }, { totalTimeoutMs: 1_000 });
    expect(r.requests).toBe(1);
    expect(r.elapsed).toBeLessThanOrEqual(1_100);
    expect(isDeadlineExceededError(r.error) && [r.error.retryAfterMs, r.error.totalTimeoutMs]).toEqual([2_000, 1_000]);
    expect(isDeadlineExceededError(r.error) && isHttpStatusError(r.error.cause) && r.error.cause.status).toBe(429);
  });

  it("429 Retry-After: 10, caller aborts 200 ms into the wait → rejects within 50 ms with the abort reason, 1 request", async () => {
    const r = await scenario(429, { "retry-after": "10" }, { abortAfterFirstMs: 200 });
    expect(r.requests).toBe(1);
    expect(isAbortedError(r.error) && r.error.cause).toBe(r.reason);
    expect(r.elapsed - r.firstEnd).toBeGreaterThanOrEqual(200);
    expect(r.elapsed - r.firstEnd).toBeLessThan(200 + 50);
  });
});
