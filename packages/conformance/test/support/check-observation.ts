import { SpanKind } from "@opentelemetry/api";
import { isOutboundError } from "@outbound/resilience";
import { expect } from "vitest";
import type { Expectation } from "./fault-cases.js";
import { type OperationChoice, SAFE_METHODS } from "./pick-operations.js";
import type { Observation } from "./run-scenario.js";
import { TRACEPARENT, type Tracing } from "./tracing.js";

/**
 * How late a call may settle after its deadline, ms, on top of the event loop's measured lag during the
 * call (a timer cannot fire while the process is not scheduled; that delay is the machine's, not the client's).
 */
export const DEADLINE_SLACK_MS = 100;

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Side effects the server must have carried out: committed requests, replays, ledger entries. */
function expectedEffects(choice: OperationChoice, expectation: Expectation) {
  const successCommit = expectation.successReached && choice.successCommits ? 1 : 0;
  const attempts = expectation.committingFaults + successCommit;
  const keyed = choice.operationClass === "keyed";
  // A keyed retry after a committed attempt is replayed from the Idempotency-Key record: no second effect.
  const committed = keyed ? Math.min(1, attempts) : attempts;
  const replays = keyed && expectation.committingFaults > 0 && expectation.successReached ? 1 : 0;
  // Only a 2xx of an unsafe method is a ledger entry; an operation answered by `respond` commits to a 404.
  const ledger = SAFE_METHODS.has(choice.meta.method) || !choice.successCommits ? 0 : committed;
  return { committed, replays, ledger };
}

function checkOutcome(choice: OperationChoice, expectation: Expectation, observation: Observation): void {
  const { outcome } = expectation;
  if ("code" in outcome) {
    expect(observation.result, "the call must reject").toBeUndefined();
    const error = observation.thrown;
    expect(isOutboundError(error) ? error.code : error).toBe(outcome.code);
    if (!isOutboundError(error)) return;
    expect({ downstream: error.downstream, operationId: error.operationId }).toEqual({
      downstream: observation.downstream,
      operationId: choice.meta.operationId,
    });
    expect(error.attempts, "attempts in the error").toBe(expectation.attempts ?? expectation.requests);
    if (outcome.details !== undefined) expect(error).toMatchObject(outcome.details);
    if (error.code === "RESPONSE_PARSE") expect(error.status).toBe(choice.successStatus);
    return;
  }
  expect(observation.thrown).toBeUndefined();
  const status = outcome.status === "success" ? choice.successStatus : outcome.status;
  expect(observation.result?.response.status).toBe(status);
  if (outcome.data === "defined") expect(observation.result?.data).toBeDefined();
  else expect(observation.result?.data).toBeUndefined();
}

/**
 * `traceparent` and the request id on every attempt: one trace, whose logical span is named after the operationId,
 * a fresh CLIENT span per attempt under it (`http.request.resend_count` 0, 1, …), one request id.
 */
function checkTracing(observation: Observation, tracing: Tracing, operationId: string): void {
  const { requests } = observation;
  if (requests.length === 0) return;
  const parsed = requests.map((r) => TRACEPARENT.exec(r.headers.traceparent ?? ""));
  expect(parsed.map((m) => m !== null)).toEqual(requests.map(() => true));
  const traceIds = new Set(parsed.map((m) => m?.[1]));
  expect(traceIds.size).toBe(1);
  const parentIds = parsed.map((m) => m?.[2] ?? "");
  expect(new Set(parentIds).size).toBe(requests.length);
  const spans = tracing.spansOf([...traceIds][0] ?? "");
  const logical = spans.filter((s) => s.kind === SpanKind.INTERNAL);
  expect(
    logical.map((s) => s.name),
    "one logical span, named after the operationId",
  ).toEqual([operationId]);
  const clientSpans = spans.filter((s) => s.kind === SpanKind.CLIENT);
  expect(
    clientSpans.map((s) => s.parentSpanContext?.spanId),
    "every attempt span is a child of the call's",
  ).toEqual(clientSpans.map(() => logical[0]?.spanContext().spanId));
  const resendCounts = parentIds.map((id) => {
    const span = clientSpans.find((s) => s.spanContext().spanId === id);
    return span === undefined ? "no exported span" : (span.attributes["http.request.resend_count"] ?? 0);
  });
  expect(resendCounts, "each traceparent names its attempt's span").toEqual(requests.map((_, i) => i));
  const requestIds = new Set(requests.map((r) => r.headers["x-request-id"]));
  expect(requestIds.size).toBe(1);
  expect([...requestIds][0]).toMatch(UUID_V4);
}

/**
 * Every attempt resends the same bytes (the body is read once and replayed per attempt, never a consumed stream)
 * with the same Content-Type, and carries the time left to its deadline (`x-outbound-timeout-ms`), never more than
 * the budget and never growing from one attempt to the next.
 */
function checkResends(observation: Observation): void {
  const { requests } = observation;
  const first = requests[0];
  if (first === undefined) return;
  expect(
    requests.map((r) => r.body.equals(first.body)),
    "same body bytes on every attempt",
  ).toEqual(requests.map(() => true));
  expect(new Set(requests.map((r) => r.headers["content-type"])).size, "one Content-Type").toBe(1);
  const budgets = requests.map((r) => Number(r.headers["x-outbound-timeout-ms"]));
  expect(
    budgets.every((b) => Number.isInteger(b) && b >= 0 && b <= observation.totalTimeoutMs),
    "deadline header",
  ).toBe(true);
  expect(budgets, "deadline header never grows").toEqual([...budgets].sort((a, b) => b - a));
}

/** One Idempotency-Key on every attempt of a keyed call, and at most one side effect under it. */
function checkKeys(choice: OperationChoice, observation: Observation, committed: number): void {
  const keys = observation.requests.map((r) => r.idempotencyKey);
  if (choice.operationClass !== "keyed") {
    expect(keys.filter((k) => k !== undefined)).toEqual([]);
    return;
  }
  if (keys.length === 0) return;
  expect(new Set(keys).size, "one Idempotency-Key for every attempt").toBe(1);
  // The caller's key when it gave one, else the runtime's fresh UUID v4 for the logical call.
  if (observation.callerKey === undefined) expect(keys[0]).toMatch(UUID_V4);
  else expect(keys[0]).toBe(observation.callerKey);
  expect(observation.ledger.filter((e) => e.idempotencyKey === keys[0]).length).toBe(
    SAFE_METHODS.has(choice.meta.method) ? 0 : committed,
  );
}

/** Every assertion of the conformance suite for one call under one fault. */
export function checkObservation(
  choice: OperationChoice,
  expectation: Expectation,
  observation: Observation,
  tracing: Tracing,
): void {
  expect(observation.requests.length, "requests that reached the server").toBe(expectation.requests);
  expect(observation.allRequests, "requests to any route").toBe(expectation.requests);
  checkOutcome(choice, expectation, observation);
  const lag = observation.eventLoopLagMs;
  expect(observation.durationMs, `call duration (event loop lag ${Math.round(lag)} ms)`).toBeLessThanOrEqual(
    observation.totalTimeoutMs + DEADLINE_SLACK_MS + lag,
  );
  if (expectation.gapMs !== undefined) {
    const [first, second] = observation.requests;
    expect(first?.status, "the first request was answered").toBeDefined();
    const gap = (second?.arrivedAt ?? Number.NaN) - (first?.finishedAt ?? Number.NaN);
    expect(gap, "wait before the retry, ms").toBeGreaterThanOrEqual(expectation.gapMs[0]);
    expect(gap, `wait before the retry, ms (event loop lag ${Math.round(lag)} ms)`).toBeLessThanOrEqual(
      expectation.gapMs[1] + lag,
    );
  }
  const effects = expectedEffects(choice, expectation);
  expect(observation.requests.filter((r) => r.committed).length, "requests carried out").toBe(effects.committed);
  expect(observation.requests.filter((r) => r.replayed).length, "replayed by Idempotency-Key").toBe(effects.replays);
  expect(observation.ledger.length, "ledger entries").toBe(effects.ledger);
  checkKeys(choice, observation, effects.committed);
  checkResends(observation);
  checkTracing(observation, tracing, choice.meta.operationId);
  expect(observation.listenersLeft, "abort listeners left on the caller's signal").toBe(0);
  expect(observation.socketsLeft, "client sockets left open").toBe(0);
}
