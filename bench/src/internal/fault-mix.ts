import type { RandomPlan } from "@outbound/testkit";

/** The route the fault mix applies to (inventory's `getStock`, an idempotent GET, so every fault may be retried). */
export const FAULT_ROUTE = "GET /stock/{sku}";

/**
 * The fault mix of the memory bench: each socket-level fault of the conformance suite that ends on its own or
 * through the attempt timeout, about 11 % of requests in all (20 in 180), seeded so that every run sees the same
 * sequence. Hangs end through the attempt timeout set in {@link FAULT_MIX_CLIENT_OPTIONS}.
 */
export const FAULT_MIX: RandomPlan = Object.freeze({
  mode: "random",
  seed: 20_260_807,
  mix: [
    { weight: 160, fault: { kind: "pass" } },
    { weight: 4, fault: { kind: "respond", status: 503 } },
    { weight: 2, fault: { kind: "respond", status: 429, retryAfter: { ms: 5 } } },
    { weight: 3, fault: { kind: "reset" } },
    { weight: 2, fault: { kind: "reset-after-headers", resetAfterMs: 5 } },
    { weight: 2, fault: { kind: "truncated-body" } },
    { weight: 2, fault: { kind: "malformed-json" } },
    { weight: 1, fault: { kind: "empty-body", framing: "chunked" } },
    { weight: 2, fault: { kind: "pass", delayBeforeHeadersMs: 20, trickle: { chunkBytes: 8, intervalMs: 1 } } },
    { weight: 1, fault: { kind: "hang" } },
    { weight: 1, fault: { kind: "hang", afterHeaders: true, partialBody: '{"sku":' } },
  ],
}) as RandomPlan;

/**
 * Client options of the fault-mix run: short timeouts and backoff so that 100 000 calls finish in minutes, and a
 * breaker that probes again after 100 ms, so that the run keeps going through closed, open and half-open instead
 * of failing fast for most of it.
 */
export const FAULT_MIX_CLIENT_OPTIONS = Object.freeze({
  attemptTimeoutMs: 200,
  totalTimeoutMs: 1_500,
  retry: Object.freeze({ initialDelayMs: 2, maxDelayMs: 20 }),
  breaker: Object.freeze({ halfOpenAfterMs: 100 }),
});
