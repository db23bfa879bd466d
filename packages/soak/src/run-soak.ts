import { getEventListeners, setMaxListeners } from "node:events";
import { fileURLToPath } from "node:url";
import { createNotificationsClient, type NotificationsClient } from "@outbound/notifications";
import { createPaymentsClient, type PaymentsClient } from "@outbound/payments";
import { createTransport, isOutboundError, type Transport } from "@outbound/resilience";
import { startTestServer, type TestServer } from "@outbound/testkit";
import { faultPlans } from "./fault-mix.js";
import { countDuplicates } from "./internal/count-duplicates.js";
import { settledHeapMb } from "./internal/force-gc.js";
import { Tally } from "./internal/tally.js";
import { type ResolvedSoakOptions, resolveSoakOptions, type SoakOptions } from "./soak-options.js";
import type { SoakReport } from "./soak-report.js";

const SPECS = fileURLToPath(new URL("../../../specs/", import.meta.url));
/** The credential every client is configured with; it must never appear in an error. */
export const SOAK_CANARY = "soak-canary-token-7c1e55d0";

interface Rig {
  readonly payments: TestServer;
  readonly notifications: TestServer;
  readonly transport: Transport;
  readonly paymentsClient: PaymentsClient;
  readonly notificationsClient: NotificationsClient;
}

interface CallOptions {
  readonly signal: AbortSignal;
  readonly totalTimeoutMs: number;
  readonly attemptTimeoutMs: number;
}

async function startRig(options: ResolvedSoakOptions): Promise<Rig> {
  const payments = await startTestServer({ spec: `${SPECS}payments/openapi.yaml` });
  const notifications = await startTestServer({ spec: `${SPECS}notifications/openapi.yaml` });
  const transport = createTransport({ connections: options.poolConnections });
  // Short backoff so 100 000 calls fit in minutes. The breaker is sized for hundreds of calls a second (a window
  // of 100 attempts, judged from 50): the default window of 20 opens on a chance run of the mix's ~1-in-5 faults
  // and then sheds most of the run, so the faults would barely reach the servers. Other policies: defaults.
  const resilience = {
    transport,
    retry: { initialDelayMs: 10, maxDelayMs: 100 },
    breaker: { windowSize: 100, minimumCalls: 50, halfOpenAfterMs: 250 },
  };
  return {
    payments,
    notifications,
    transport,
    paymentsClient: createPaymentsClient({ ...resilience, baseUrl: payments.url, auth: { bearerAuth: SOAK_CANARY } }),
    notificationsClient: createNotificationsClient({
      ...resilience,
      baseUrl: notifications.url,
      auth: { bearerAuth: SOAK_CANARY },
    }),
  };
}

/**
 * One clean call per operation before anything is measured: the in-process servers compile their validators on
 * first use, which blocks the event loop (and so every timer of the client) for a moment no real downstream would.
 */
async function warmUp(rig: Rig): Promise<void> {
  const options = { totalTimeoutMs: 10_000 };
  const charge = await rig.paymentsClient.createCharge(
    { body: { amount: 100, currency: "eur", customerId: "cus_soak", paymentMethod: "pm_card_visa" } },
    options,
  );
  await rig.paymentsClient.getCharge({ params: { path: { chargeId: charge.data?.id ?? "ch_000001" } } }, options);
  await rig.notificationsClient.sendMessage(
    { body: { channel: "email", to: "soak@example.com", body: "warm-up" } },
    options,
  );
  rig.payments.reset();
  rig.notifications.reset();
}

function setPlans(rig: Rig, seed: number): void {
  const plans = faultPlans(seed);
  for (const [route, plan] of Object.entries(plans.payments)) rig.payments.setFaultPlan(route, plan);
  for (const [route, plan] of Object.entries(plans.notifications)) rig.notifications.setFaultPlan(route, plan);
}

/**
 * `String()`, `JSON.stringify` and the message of the error and of every cause. (`util.inspect` adds the stack,
 * which is the message plus frames, and under a source-map loader costs a millisecond per error.)
 */
function renderings(error: unknown): string {
  const parts: string[] = [String(error), JSON.stringify(error) ?? ""];
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 8; depth += 1) {
    parts.push(cause.message);
    cause = cause.cause;
  }
  return parts.join("\n");
}

/** Running totals of a soak. */
class Measurements {
  readonly outcomes = new Tally();
  readonly faults = new Tally();
  requests = 0;
  sideEffects = 0;
  committedThenFailed = 0;
  duplicates = 0;
  pastDeadline = 0;
  worstOverrunMs = Number.NEGATIVE_INFINITY;
  listenersLeft = 0;
  unexpected = 0;
  canaryLeaks = 0;
  callsMade = 0;
  lastChargeId: string | undefined;

  recordError(error: unknown): void {
    if (isOutboundError(error))
      this.outcomes.add(error.code === "NETWORK" ? `NETWORK ${error.networkCode}` : error.code);
    else {
      this.unexpected += 1;
      this.outcomes.add(`unexpected ${error instanceof Error ? error.name : typeof error}`);
    }
    if (renderings(error).includes(SOAK_CANARY)) this.canaryLeaks += 1;
  }

  /** Counts and forgets what the servers recorded for the batch just finished. */
  closeBatch(rig: Rig): void {
    const charges = rig.payments.ledger.byOperation("createCharge");
    const messages = rig.notifications.ledger.byOperation("sendMessage");
    this.sideEffects += charges.length + messages.length;
    this.duplicates += countDuplicates(charges, (entry) => entry.idempotencyKey);
    this.duplicates += countDuplicates(messages, (entry) => (entry.requestBody as { body?: string } | null)?.body);
    for (const server of [rig.payments, rig.notifications]) {
      this.requests += server.requests.length;
      for (const request of server.requests) {
        this.faults.add(request.fault);
        if (request.committed && request.fault !== "pass") this.committedThenFailed += 1;
      }
      server.reset();
    }
  }
}

/** One logical call: `n % 20` picks the operation (45 % createCharge, 20 % getCharge, 35 % sendMessage). */
function invoke(rig: Rig, m: Measurements, n: number, options: CallOptions): Promise<{ response: Response }> {
  const slot = n % 20;
  if (slot < 9) {
    return rig.paymentsClient
      .createCharge(
        {
          body: {
            amount: 100 + (n % 900),
            currency: "eur",
            customerId: "cus_soak",
            paymentMethod: "pm_card_visa",
            description: `soak call ${n}`,
          },
        },
        options,
      )
      .then((result) => {
        if (result.data !== undefined) m.lastChargeId = result.data.id;
        return result;
      });
  }
  if (slot < 13) {
    return rig.paymentsClient.getCharge({ params: { path: { chargeId: m.lastChargeId ?? "ch_000001" } } }, options);
  }
  return rig.notificationsClient.sendMessage(
    { body: { channel: "email", to: "soak@example.com", body: `soak call ${n}` } },
    options,
  );
}

async function oneCall(rig: Rig, m: Measurements, o: ResolvedSoakOptions, n: number, shared: AbortSignal) {
  const own = o.abortEvery > 0 && n % o.abortEvery === o.abortEvery - 1 ? new AbortController() : undefined;
  const timer = own && setTimeout(() => own.abort(new Error("caller gave up")), o.abortAfterMs);
  const started = performance.now();
  try {
    const options = {
      signal: own?.signal ?? shared,
      totalTimeoutMs: o.totalTimeoutMs,
      attemptTimeoutMs: o.attemptTimeoutMs,
    };
    const result = await invoke(rig, m, n, options);
    m.outcomes.add(`HTTP ${result.response.status}`);
  } catch (error) {
    m.recordError(error);
  } finally {
    const overrun = performance.now() - started - o.totalTimeoutMs;
    m.worstOverrunMs = Math.max(m.worstOverrunMs, overrun);
    if (overrun > 100) m.pastDeadline += 1;
    clearTimeout(timer);
    if (own !== undefined) m.listenersLeft += getEventListeners(own.signal, "abort").length;
    m.callsMade += 1;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts the batch's calls at `ratePerSecond` (open loop, as requests reach a service), never more than
 * `concurrency` in flight: when the cap is reached the next call waits for one to settle (back-pressure), and the
 * schedule restarts from then instead of bursting.
 */
async function runBatch(
  rig: Rig,
  m: Measurements,
  o: ResolvedSoakOptions,
  range: readonly [number, number],
  shared: AbortSignal,
  stopAt: number,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const intervalMs = 1_000 / o.ratePerSecond;
  let nextDue = performance.now();
  for (let n = range[0]; n < range[1] && performance.now() < stopAt; ) {
    if (inFlight.size >= o.concurrency) {
      await Promise.race(inFlight);
      nextDue = Math.max(nextDue, performance.now());
      continue;
    }
    const now = performance.now();
    if (nextDue > now) {
      await sleep(nextDue - now);
      continue;
    }
    const call: Promise<void> = oneCall(rig, m, o, n, shared).finally(() => inFlight.delete(call));
    inFlight.add(call);
    n += 1;
    nextDue += intervalMs;
  }
  await Promise.all(inFlight);
}

const closed = new WeakSet<Transport>();
async function closeTransport(rig: Rig): Promise<void> {
  if (closed.has(rig.transport)) return;
  closed.add(rig.transport);
  await rig.transport.close();
}

async function closeAndCountSockets(rig: Rig): Promise<number> {
  await closeTransport(rig);
  const until = performance.now() + 1_000;
  const open = () => rig.payments.openSockets() + rig.notifications.openSockets();
  while (open() > 0 && performance.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return open();
}

/**
 * Runs `calls` logical calls through the generated payments and notifications clients against testkit servers
 * applying the conformance fault mix, in batches, and measures what must not drift: duplicate side effects, calls
 * past their deadline + 100 ms, sockets left beyond the pool, listeners left on caller signals, heap growth and
 * the error codes seen. The servers run in this process (real sockets on 127.0.0.1).
 * @throws RangeError for invalid options.
 */
export async function runSoak(options: SoakOptions = {}): Promise<SoakReport> {
  const o = resolveSoakOptions(options);
  const rig = await startRig(o);
  const m = new Measurements();
  const shared = new AbortController();
  // Every call in flight holds one listener on the shared signal (removed when it settles): raise Node's warning
  // threshold (10) to the concurrency, as a service sharing one shutdown signal across its calls would.
  setMaxListeners(o.concurrency + 1, shared.signal);
  await warmUp(rig);
  const started = performance.now();
  const stopAt = started + o.maxDurationMs;
  let heapBaselineMb = 0;
  let batch = 0;
  try {
    for (let from = 0; from < o.calls && performance.now() < stopAt; from += o.batchSize, batch += 1) {
      setPlans(rig, o.seed + batch * 10);
      await runBatch(rig, m, o, [from, Math.min(o.calls, from + o.batchSize)], shared.signal, stopAt);
      m.closeBatch(rig);
      o.onBatch?.(m.callsMade, o.calls);
      if (batch === 0) heapBaselineMb = settledHeapMb();
    }
    const durationMs = performance.now() - started;
    const heapEndMb = settledHeapMb();
    const open = [rig.payments.openSockets(), rig.notifications.openSockets()];
    const socketsOpenAtEnd = open.reduce((a, b) => a + b, 0);
    const poolSize = o.poolConnections * open.length;
    return {
      callsPlanned: o.calls,
      callsMade: m.callsMade,
      durationMs,
      ratePerSecond: o.ratePerSecond,
      concurrency: o.concurrency,
      requestsReceived: m.requests,
      faults: m.faults.entries(),
      sideEffects: m.sideEffects,
      sideEffectThenFailure: m.committedThenFailed,
      duplicateSideEffects: m.duplicates,
      callsPastDeadline: m.pastDeadline,
      worstOverrunMs: m.worstOverrunMs,
      socketsOpenAtEnd,
      poolSize,
      socketsBeyondPool: open.reduce((sum, count) => sum + Math.max(0, count - o.poolConnections), 0),
      socketsAfterClose: await closeAndCountSockets(rig),
      listenersLeftOnCallerSignals: m.listenersLeft + getEventListeners(shared.signal, "abort").length,
      heapBaselineMb,
      heapEndMb,
      heapGrowthMb: heapEndMb - heapBaselineMb,
      outcomes: m.outcomes.entries(),
      unexpectedErrors: m.unexpected,
      canaryLeaks: m.canaryLeaks,
    };
  } finally {
    await closeTransport(rig);
    await Promise.all([rig.payments.close(), rig.notifications.close()]);
  }
}
