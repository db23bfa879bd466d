import type { Transport } from "../transport.js";
import { AbortScope, AttemptTimeoutReason, DeadlineReason } from "./abort-scope.js";
import type { CallContext } from "./call-context.js";
import { type AttemptOutcome, networkCodeOf } from "./classify-failure.js";
import { raceAbort } from "./race-abort.js";
import type { RequestSnapshot } from "./request-snapshot.js";
import type { ResolvedDownstreamOptions } from "./resolve-options.js";

/** Headers of one attempt: the request's, the call's, request id, idempotency key, time left; plus `extra` (trace context). */
export function attemptHeaders(
  resolved: ResolvedDownstreamOptions,
  ctx: CallContext,
  snapshot: RequestSnapshot,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const headers: Record<string, string> = { ...snapshot.headers, ...ctx.headers, ...extra };
  headers[resolved.requestIdHeader] = ctx.requestId;
  const keyHeader = ctx.operation.idempotencyHeader?.toLowerCase();
  if (ctx.policy.operationClass === "keyed" && keyHeader !== undefined) {
    // Same key on every attempt: the caller's, else the one already on the request, else one per logical call.
    headers[keyHeader] = ctx.idempotencyKey ?? snapshot.headers[keyHeader] ?? ctx.generatedIdempotencyKey ?? "";
  }
  if (resolved.deadlineHeader !== false)
    headers[resolved.deadlineHeader] = String(Math.floor(ctx.deadline.remainingMs()));
  return headers;
}

/** The timer of one attempt: `min(attemptTimeoutMs, time left)`. */
export interface AttemptTimer {
  readonly timeoutMs: number;
  readonly clampedByDeadline: boolean;
  readonly totalTimeoutMs: number;
}

/**
 * Sends one attempt under `timeoutMs` (connect, headers and the whole body read) and reports how it ended. The
 * attempt's signal derives from the call's deadline signal; which of caller abort, deadline or attempt timeout
 * fired is read from the signal's reason, never guessed from the error. Never throws.
 */
export async function sendAttempt(
  transport: Transport,
  snapshot: RequestSnapshot,
  headers: Record<string, string>,
  parent: AbortSignal,
  timer: AttemptTimer,
): Promise<AttemptOutcome> {
  const scope = new AbortScope([parent]);
  // When the deadline is nearer than the attempt timeout, the timer is the deadline's: report it as such.
  scope.abortAfter(timer.timeoutMs, () =>
    timer.clampedByDeadline ? new DeadlineReason(timer.totalTimeoutMs) : new AttemptTimeoutReason(timer.timeoutMs),
  );
  try {
    const send = transport.send({
      url: snapshot.url,
      method: snapshot.method,
      headers,
      body: snapshot.body,
      signal: scope.signal,
    });
    return { kind: "response", response: await raceAbort(send, scope.signal) };
  } catch (error) {
    if (!scope.signal.aborted) return { kind: "network", networkCode: networkCodeOf(error) };
    const reason: unknown = scope.signal.reason;
    if (reason instanceof AttemptTimeoutReason) return { kind: "timeout", timeoutMs: reason.timeoutMs };
    if (reason instanceof DeadlineReason) return { kind: "deadline" };
    return { kind: "aborted", reason };
  } finally {
    scope.dispose();
  }
}
