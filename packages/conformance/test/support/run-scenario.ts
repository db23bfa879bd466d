import { randomUUID } from "node:crypto";
import { getEventListeners } from "node:events";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { createTransport } from "@outbound/resilience";
import { getClosedPort, type LedgerEntry, type RecordedRequest, type TestServer } from "@outbound/testkit";
import { BASE_POLICY, type CallStyle, type ExpectationContext, type FaultCase } from "./fault-cases.js";
import type { OperationChoice } from "./pick-operations.js";
import { runSeeds, withSeeds } from "./seed-resources.js";
import type { ClientMethod, Subject } from "./subjects.js";

/** What one call under one fault left behind, on both sides of the socket. */
export interface Observation {
  /** Wall time of the call, ms. */
  readonly durationMs: number;
  /**
   * The longest the event loop was blocked during the call, ms: time the process was not scheduled (other work in
   * this worker or on the machine), by which any timer, the client's included, fires late.
   */
  readonly eventLoopLagMs: number;
  /** The deadline the call ran under, ms. */
  readonly totalTimeoutMs: number;
  /** openapi-fetch's result when the call resolved. */
  readonly result: { readonly data: unknown; readonly error: unknown; readonly response: Response } | undefined;
  /** The Idempotency-Key the caller passed (method calls of keyed operations), else undefined (the runtime's own). */
  readonly callerKey: string | undefined;
  /** The downstream name the subject's client was generated with. */
  readonly downstream: string;
  /** What the call rejected with. */
  readonly thrown: unknown;
  /** Requests of the operation's route the server saw, in order (a copy taken after the call settled). */
  readonly requests: readonly RecordedRequest[];
  /** Side effects the server recorded for the operation's route. */
  readonly ledger: readonly LedgerEntry[];
  /** Requests of any route the server saw during the call (seed requests before it excluded). */
  readonly allRequests: number;
  /** `abort` listeners left on the caller's signal once the call settled. */
  readonly listenersLeft: number;
  /** Client sockets still open at the server once the client's transport was closed. */
  readonly socketsLeft: number;
}

/** Polls `read` until it returns 0 or `withinMs` passes; returns the last value. */
async function settlesToZero(read: () => number, withinMs: number): Promise<number> {
  const until = performance.now() + withinMs;
  let value = read();
  while (value !== 0 && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    value = read();
  }
  return value;
}

/** The attempts a call may make: the call options' for a method call, else the operation's generated policy's. */
export function expectationContext(choice: OperationChoice, style: CallStyle): ExpectationContext {
  const maxAttempts = style === "raw" ? choice.meta.retry?.maxAttempts : undefined;
  return { maxAttempts: maxAttempts ?? BASE_POLICY.retry.maxAttempts };
}

/** openapi-fetch's path-based call (`raw.POST("/charges", init)`), which the client routes through `Downstream.fetch`. */
function rawCall(client: Record<string, unknown>, choice: OperationChoice, init: unknown): Promise<unknown> {
  const raw = client.raw as Record<string, (path: string, init: unknown) => Promise<unknown>>;
  const call = raw[choice.meta.method];
  if (call === undefined) throw new Error(`raw.${choice.meta.method} is missing`);
  return call(choice.meta.path, init);
}

/**
 * The call options of one scenario: the short policy, the caller's signal; retries tuned where the class allows; a
 * keyed call brings its own Idempotency-Key (raw calls leave it to the runtime, so both sources are covered).
 */
function callOptions(choice: OperationChoice, fault: FaultCase, signal: AbortSignal): Record<string, unknown> {
  const { maxAttempts, initialDelayMs, maxDelayMs } = BASE_POLICY.retry;
  return {
    signal,
    attemptTimeoutMs: BASE_POLICY.attemptTimeoutMs,
    totalTimeoutMs: fault.totalTimeoutMs ?? BASE_POLICY.totalTimeoutMs,
    ...(choice.operationClass === "unsafe" ? {} : { retry: { maxAttempts, initialDelayMs, maxDelayMs } }),
    ...(choice.operationClass === "keyed" ? { idempotencyKey: `conformance-${randomUUID()}` } : {}),
  };
}

/**
 * Runs one logical call of the chosen operation under one fault, through its method or `raw` (`style`): seed resources created first (fault-free), then a
 * fresh client (its own pooled transport, so its sockets can be counted), the fault plan on the operation's route,
 * the caller's own AbortSignal. Call options
 * carry the timeouts because they take precedence over the operation's generated policy (which in turn takes
 * precedence over client options).
 */
export async function runScenario(
  subject: Subject,
  server: TestServer,
  choice: OperationChoice,
  fault: FaultCase,
  style: CallStyle = "method",
): Promise<Observation> {
  server.reset();
  const init = withSeeds(choice.init, await runSeeds(subject, server, choice.seeds));
  const seedRequests = server.requests.length;
  server.setFaultPlan(choice.route, fault.plan(choice.success, choice.successStatus));
  const baseUrl = fault.refused === true ? `http://127.0.0.1:${await getClosedPort()}` : server.url;
  const transport = createTransport();
  const controller = new AbortController();
  const client = subject.createClient({ baseUrl, transport, ...BASE_POLICY });
  const method = client[choice.methodName] as ClientMethod;
  const options = callOptions(choice, fault, controller.signal);
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = performance.now();
  let result: Observation["result"];
  let thrown: unknown;
  try {
    const pending = style === "raw" ? rawCall(client, choice, init) : method(init, options);
    result = (await pending) as Observation["result"];
  } catch (error) {
    thrown = error;
  }
  const durationMs = performance.now() - started;
  lag.disable();
  const listenersLeft = getEventListeners(controller.signal, "abort").length;
  if (fault.settleMs !== undefined) await new Promise((resolve) => setTimeout(resolve, fault.settleMs));
  await transport.close();
  const socketsLeft = await settlesToZero(() => server.openSockets(), 2_000);
  server.clearFaultPlan(choice.route);
  return {
    durationMs,
    eventLoopLagMs: Math.max(0, lag.max / 1e6 - 10),
    totalTimeoutMs:
      style === "raw"
        ? (choice.meta.timeout?.totalMs ?? BASE_POLICY.totalTimeoutMs)
        : (options.totalTimeoutMs as number),
    result,
    callerKey: style === "raw" ? undefined : (options.idempotencyKey as string | undefined),
    downstream: subject.downstream,
    thrown,
    requests: server.requestsFor(choice.route).map((r) => ({ ...r })),
    ledger: server.ledger.byOperation(choice.route),
    allRequests: server.requests.length - seedRequests,
    listenersLeft,
    socketsLeft,
  };
}
