/**
 * A keyed retry that meets "a request with this Idempotency-Key is still being processed" (409,
 * draft-ietf-httpapi-idempotency-key-header §2.6) on real sockets: attempt 1 times out while the server is still
 * processing it, attempt 2 gets 409 (Retry-After honoured), attempt 3 gets the stored 201 replayed. A 409 to
 * attempt 1 stays final.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import { createDownstream, createTransport, type RetryEvent } from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

const transport = createTransport();
const createCharge = op("createCharge", "POST", "/{scenario}", "keyed");
const PROCESSING_MS = 300;
const ATTEMPT_TIMEOUT_MS = 100;
let server: TestServer;
/** The charges the server made (its side effects), by Idempotency-Key. */
const sideEffects: string[] = [];

beforeAll(async () => {
  // A minimal Idempotency-Key store (draft §2.6 / Stripe): in flight → 409, completed → replay, new → process.
  const stored = new Map<string, { status: number; body: unknown } | "in-flight">();
  server = await startTestServer(async (req, res) => {
    const key = String(req.headers["idempotency-key"]);
    if (req.url === "/always-409") return json(res, 409, { error: "charge already captured" });
    const entry = stored.get(key);
    if (entry === "in-flight") return json(res, 409, { error: "idempotency_key_in_use" }, { "retry-after": "1" });
    if (entry !== undefined) return json(res, entry.status, entry.body, { "idempotent-replayed": "true" });
    stored.set(key, "in-flight");
    await delay(PROCESSING_MS);
    sideEffects.push(key);
    const outcome = { status: 201, body: { id: `ch_${sideEffects.length}` } };
    stored.set(key, outcome);
    if (!res.destroyed) json(res, outcome.status, outcome.body);
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function downstreamWith(retries: RetryEvent[]) {
  return createDownstream(
    {
      name: "keyed-409",
      transport,
      attemptTimeoutMs: ATTEMPT_TIMEOUT_MS,
      totalTimeoutMs: 10_000,
      retry: { maxAttempts: 3, initialDelayMs: 5, maxDelayMs: 5, jitter: "none" },
      breaker: { failureRatio: 1, minimumCalls: 20 },
      hooks: { onRetry: (e) => retries.push(e) },
    },
    [createCharge],
  );
}

describe("keyed operation, 409 while an earlier attempt is in flight", () => {
  it("retries the 409 after Retry-After and gets the original 201 replayed: one side effect", async () => {
    const retries: RetryEvent[] = [];
    const before = server.requests.length;
    const started = performance.now();
    const result = await downstreamWith(retries).call(createCharge, undefined, (fetch) =>
      looseClient(server.url).POST("/charges", { fetch, body: { amount: 100 } }),
    );
    const elapsed = performance.now() - started;
    expect(result.response.status).toBe(201);
    expect(result.data).toEqual({ id: "ch_1" });
    expect(result.response.headers.get("idempotent-replayed")).toBe("true");
    const seen = server.requests.slice(before);
    expect(seen.map((r) => r.url)).toEqual(["/charges", "/charges", "/charges"]);
    const keys = seen.map((r) => r.headers["idempotency-key"]);
    expect(typeof keys[0]).toBe("string");
    expect(keys).toEqual([keys[0], keys[0], keys[0]]);
    expect(sideEffects).toEqual([keys[0]]);
    expect(retries.map((e) => [e.attempt, e.failure, e.delaySource, e.delayMs])).toEqual([
      [1, { code: "TIMEOUT" }, "backoff", 5],
      [2, { status: 409 }, "retry-after", 1_000],
    ]);
    // Retry-After: 1 was waited out; bounds are loose for a shared 2-core machine.
    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("returns a 409 answered to the first attempt as the final value (a conflict, not our retry)", async () => {
    const retries: RetryEvent[] = [];
    const before = server.requests.length;
    const result = await downstreamWith(retries).call(createCharge, undefined, (fetch) =>
      looseClient(server.url).POST("/always-409", { fetch, body: { amount: 100 } }),
    );
    expect(result.response.status).toBe(409);
    expect(result.error).toEqual({ error: "charge already captured" });
    expect(server.requests.length - before).toBe(1);
    expect(retries).toEqual([]);
  });
});
