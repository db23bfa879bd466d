/**
 * Seen in cockatiel #107, #91, #83, PR #112: retry outside, breaker inside, concurrent callers vs the probe.
 * Product decisions recorded here:
 * - FAIL-FAST design: an attempt refused by an open breaker, or by a half-open breaker whose single probe is in
 *   flight, rejects at once with CircuitOpenError (`remainingOpenMs`; 0 while the probe is in flight) and is NOT
 *   retried; nothing is queued behind the probe, so a non-probe caller (k) never waits and never hangs.
 * - The breaker counts per attempt; "opens after 3 consecutive failures" is windowSize 3, minimumCalls 3,
 *   failureRatio 1.
 * - Open → half-open happens on a read of the state too (breakerState()/breakerSnapshot()), so a health check
 *   sees half-open without traffic; breakerSnapshot().nextProbeAt tells when while open.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { type BreakerState, createDownstream, createTransport, isCircuitOpenError } from "../support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "../support/test-server.js";

const getInventory = op("getInventory", "GET", "/inventory/{sku}", "idempotent");
const transport = createTransport();
let server: TestServer;
let t0 = 0;
const now = () => performance.now() - t0;
const downstream = createDownstream(
  {
    name: "half-open",
    transport,
    breaker: { windowSize: 3, minimumCalls: 3, failureRatio: 1, halfOpenAfterMs: 2_000 },
    retry: { maxAttempts: 3, initialDelayMs: 1_000, maxDelayMs: 4_000, jitter: "none" },
  },
  [getInventory],
);
interface Arrival {
  readonly at: number;
  readonly state: BreakerState;
  readonly inFlight: number;
  readonly status: number;
}
const arrivals: Arrival[] = [];

beforeAll(async () => {
  server = await startTestServer(async (req, res) => {
    const at = now();
    // Scenario: failing until t=2500 ms; on a loaded machine the d-probe may come later, and must still fail.
    const failing = at < 2_500 || arrivals.filter((x) => x.status === 503).length < 4;
    // The client's own breaker state at the moment the request reaches the server.
    arrivals.push({ at, state: downstream.breakerState(), inFlight: server.inFlight, status: failing ? 503 : 200 });
    await delay(failing ? 50 : 200);
    if (failing) json(res, 503, { error: "down" });
    else json(res, 200, { sku: req.url?.split("/").pop(), onHand: 7 });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function call(sku: string, signal?: AbortSignal) {
  return downstream
    .call(getInventory, signal === undefined ? undefined : { signal }, (fetch) =>
      looseClient(server.url).GET(`/inventory/${sku}`, { fetch }),
    )
    .then(
      (r) => ({ ok: true as const, status: r.response.status, data: r.data }),
      (error: unknown) => ({ ok: false as const, error }),
    );
}
const until = async (ms: number) => delay(Math.max(0, ms - now()));

it("sends one probe per half-open window, nothing while open, and recovers", async () => {
  t0 = performance.now();
  const abc = ["a", "b", "c"].map((sku) => call(sku));
  await until(1_500);
  expect(downstream.breakerState()).toBe("open");
  const openSnapshot = downstream.breakerSnapshot();
  expect(openSnapshot.state).toBe("open");
  expect((openSnapshot.nextProbeAt ?? 0) - Date.now()).toBeGreaterThan(0);
  expect((openSnapshot.nextProbeAt ?? 0) - Date.now()).toBeLessThanOrEqual(800);
  const [a, b, c] = await Promise.all(abc);
  for (const result of [a, b, c]) {
    // Their retries at ~1050 ms met the open breaker: fail fast, ~950 ms of open time left.
    expect(!result?.ok && isCircuitOpenError(result?.error) && result.error.attempts).toBe(1);
    const remaining = !result?.ok && isCircuitOpenError(result?.error) ? result.error.remainingOpenMs : -1;
    expect(remaining).toBeGreaterThan(700);
    expect(remaining).toBeLessThanOrEqual(1_100);
  }

  // The scenario's t=2100 ms is "just after halfOpenAfter"; anchor it on the breaker's own nextProbeAt so a slow
  // first connection on a loaded machine cannot shift the open time past it.
  await until(Math.max(2_100, now() + (openSnapshot.nextProbeAt ?? 0) - Date.now() + 50));
  const def = ["d", "e", "f"].map((sku) => call(sku));
  const defResults = await Promise.all(def);
  expect(defResults.filter((r) => !r.ok && isCircuitOpenError(r.error)).length).toBe(3);

  // Item 6: re-opened by d's failed probe; with no traffic, a read turns it half-open once halfOpenAfter passed.
  const reopened = downstream.breakerSnapshot();
  expect(reopened.state).toBe("open");
  const untilProbe = (reopened.nextProbeAt ?? 0) - Date.now();
  expect(untilProbe).toBeGreaterThan(0);
  expect(untilProbe).toBeLessThanOrEqual(1_100);
  await delay(untilProbe + 10);
  expect(downstream.breakerState()).toBe("half-open");
  expect(downstream.breakerSnapshot().nextProbeAt).toBeUndefined();

  await until(4_200);
  const ghij = ["g", "h", "i", "j"].map((sku) => call(sku));
  await delay(5);
  const k = new AbortController();
  const kReason = new Error("k gave up");
  const kStarted = performance.now();
  const kResult = call("k", k.signal);
  setTimeout(() => k.abort(kReason), 20);
  const kSettled = await kResult;
  // Fail-fast: k is refused while g's probe is in flight, before its own abort even fires.
  expect(!kSettled.ok && isCircuitOpenError(kSettled.error) && kSettled.error.remainingOpenMs).toBe(0);
  expect(performance.now() - kStarted).toBeLessThan(50);
  const ghijResults = await Promise.all(ghij);
  expect(ghijResults.filter((r) => r.ok && r.status === 200).length).toBe(1);
  expect(ghijResults.filter((r) => !r.ok && isCircuitOpenError(r.error)).length).toBe(3);
  expect(downstream.breakerState()).toBe("closed");

  await until(5_000);
  const before = server.requests.length;
  const late = await Promise.all(["l", "m", "n", "o", "p"].map((sku) => call(sku)));
  expect(late.map((r) => r.ok && r.status)).toEqual([200, 200, 200, 200, 200]);
  expect(server.requests.length - before).toBe(5);

  // Items 1–3 over the whole run.
  expect(arrivals.filter((x) => x.status === 503).length).toBe(4);
  expect(arrivals.filter((x) => x.state === "open").length).toBe(0);
  const halfOpen = arrivals.filter((x) => x.state === "half-open");
  expect(halfOpen.length).toBe(2);
  expect(halfOpen.map((x) => x.inFlight)).toEqual([1, 1]);
  expect(arrivals.length).toBe(3 + 1 + 1 + 5);
}, 20_000);
