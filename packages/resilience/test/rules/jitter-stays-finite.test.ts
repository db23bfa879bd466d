/**
 * Seen in cockatiel #86: decorrelated-jitter backoff must stay finite and saturated however many retries.
 * Product decisions recorded here:
 * - `jitter: "decorrelated"` reuses cockatiel 4's generator (fixed upstream in 3.1.3) and clamps its output again,
 *   so every delay from retry 1000 on equals maxDelay exactly (the preferred assertion of the case).
 * - A mis-ordered config (initialDelay > maxDelay) is rejected at construction with InvalidOptionsError.
 * - The ~60 s integration scenario runs here at 1/12.5 scale (initial 1 ms, max 4 ms, 1200 requests, real timers);
 *   the property it guards (gaps >= maxDelay / 2 from request 1000 on, never a tight loop) is the same.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackoffSchedule } from "../../src/policies/backoff.js";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { createDownstream, createTransport, InvalidOptionsError, isAbortedError } from "../support/runtime.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("unit: decorrelated jitter, initialDelay 45 000, maxDelay 900 000, exponent 2", () => {
  it("gives finite delays within [0, maxDelay] for retries 1..3000, and exactly maxDelay from 1000 on", () => {
    const schedule = createBackoffSchedule({ initialDelayMs: 45_000, maxDelayMs: 900_000, jitter: "decorrelated" });
    const delays = Array.from({ length: 3_000 }, () => schedule.next());
    expect(delays.filter((d) => !Number.isFinite(d) || d < 0 || d > 900_000)).toEqual([]);
    expect(delays.slice(999).filter((d) => d !== 900_000)).toEqual([]);
  });

  it.each(["equal", "none"] as const)(
    "%s jitter: finite, <= maxDelay, and >= maxDelay / 2 from retry 1000 on",
    (jitter) => {
      const schedule = createBackoffSchedule({ initialDelayMs: 45_000, maxDelayMs: 900_000, jitter });
      const delays = Array.from({ length: 3_000 }, () => schedule.next());
      expect(delays.filter((d) => !Number.isFinite(d) || d < 0 || d > 900_000)).toEqual([]);
      expect(delays.slice(999).filter((d) => d < 450_000)).toEqual([]);
    },
  );

  it("rejects initialDelay 1000 > maxDelay 100 at construction with a typed error naming the option", () => {
    const make = () =>
      createDownstream(
        { name: "jitter", retry: { initialDelayMs: 1_000, maxDelayMs: 100, jitter: "decorrelated" } },
        [],
      );
    expect(make).toThrow(InvalidOptionsError);
    expect(make).toThrow(
      "Invalid option retry.maxDelayMs: 100 is below initialDelayMs 1000. Set maxDelayMs >= initialDelayMs.",
    );
  });
});

describe("integration (scaled): a call retrying 1200 times against an always-503 server", () => {
  const getAlwaysDown = op("getAlwaysDown", "GET", "/always-down", "idempotent");
  const transport = createTransport();
  let server: TestServer;
  let aborter: (() => void) | undefined;
  beforeAll(async () => {
    server = await startTestServer((_req, res) => {
      res.writeHead(503, { "content-length": 0 });
      res.end();
      if (server.requests.length === 1200) aborter?.();
    });
  });
  afterAll(async () => {
    await server.close();
    await transport.close();
  });

  it("keeps every gap from request 1000 to 1200 >= maxDelay / 2 and stops at once on abort", async () => {
    const maxDelayMs = 4;
    const downstream = createDownstream(
      {
        name: "jitter",
        transport,
        totalTimeoutMs: 60_000,
        retry: { maxAttempts: 5_000, initialDelayMs: 1, maxDelayMs, jitter: "decorrelated" },
        breaker: { windowSize: 10_000, minimumCalls: 10_000 },
      },
      [getAlwaysDown],
    );
    const ctrl = new AbortController();
    const reason = new Error("enough");
    let abortedAt = 0;
    aborter = () => {
      abortedAt = performance.now();
      ctrl.abort(reason);
    };
    const error: unknown = await downstream
      .call(getAlwaysDown, { signal: ctrl.signal }, (fetch) => looseClient(server.url).GET("/always-down", { fetch }))
      .catch((e: unknown) => e);
    expect(performance.now() - abortedAt).toBeLessThan(60);
    expect(isAbortedError(error) && error.cause).toBe(reason);
    const arrivals = server.requests.map((r) => r.arrivedAt);
    const gaps = arrivals.slice(1000, 1200).map((at, i) => at - (arrivals[999 + i] ?? 0));
    expect(gaps.length).toBe(200);
    expect(gaps.filter((gap) => gap < maxDelayMs / 2)).toEqual([]);
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeGreaterThanOrEqual(maxDelayMs * 0.8);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.length).toBe(1200);
  }, 30_000);
});
