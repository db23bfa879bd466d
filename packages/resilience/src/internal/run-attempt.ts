import { BulkheadFullError, CircuitOpenError, DeadlineExceededError } from "../errors.js";
import { abortError } from "./abort-error.js";
import { BulkheadRejection } from "./bulkhead.js";
import type { CallContext } from "./call-context.js";
import { type AttemptOutcome, classifyOutcome, type Verdict } from "./classify-failure.js";
import { type DownstreamRuntime, emitHook } from "./downstream-runtime.js";
import { redactUrl } from "./redact-url.js";
import type { RequestSnapshot } from "./request-snapshot.js";
import { attemptHeaders, sendAttempt } from "./send-attempt.js";
import { startAttemptTelemetry } from "./telemetry.js";

/** One attempt's result. */
export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  readonly verdict: Verdict;
}

/** Waits for a bulkhead slot; maps a full bulkhead or an abort while queued to typed errors. */
async function acquireSlot(runtime: DownstreamRuntime, ctx: CallContext, lastFailure: unknown): Promise<() => void> {
  try {
    return await runtime.bulkhead.acquire(ctx.deadline);
  } catch (error) {
    const base = {
      downstream: runtime.resolved.name,
      operationId: ctx.operation.operationId,
      attempts: ctx.attempts,
      ...(lastFailure === undefined ? {} : { cause: lastFailure }),
    };
    if (error instanceof BulkheadRejection)
      throw new BulkheadFullError({ ...base, maxConcurrent: error.maxConcurrent, maxQueue: error.maxQueue });
    throw abortError(runtime.resolved.name, ctx, error, lastFailure);
  }
}

/**
 * Sends attempt number `ctx.attempts` under `min(attemptTimeoutMs, remaining)`, with its hook and span, and
 * classifies how it ended.
 */
async function sendTraced(
  runtime: DownstreamRuntime,
  ctx: CallContext,
  snapshot: RequestSnapshot,
  remaining: number,
): Promise<AttemptResult> {
  const { resolved } = runtime;
  const timeoutMs = Math.min(ctx.policy.attemptTimeoutMs, remaining);
  const { onAttempt } = resolved.hooks;
  if (onAttempt !== undefined) {
    emitHook(onAttempt, {
      downstream: resolved.name,
      operationId: ctx.operation.operationId,
      attempt: ctx.attempts,
      method: snapshot.method,
      urlTemplate: ctx.operation.path,
      timeoutMs,
    });
  }
  const span = startAttemptTelemetry(ctx.telemetry, {
    downstream: resolved.name,
    operation: ctx.operation,
    method: snapshot.method,
    url: snapshot.url,
    fullUrl: redactUrl(snapshot.url, resolved.secretQueryParams),
    attempt: ctx.attempts,
  });
  const headers = attemptHeaders(resolved, ctx, snapshot, span.headers);
  const timer = {
    timeoutMs,
    clampedByDeadline: remaining < ctx.policy.attemptTimeoutMs,
    totalTimeoutMs: ctx.deadline.totalTimeoutMs,
  };
  const outcome = await sendAttempt(runtime.transport(), snapshot, headers, ctx.deadline, timer);
  const { policy } = ctx;
  const verdict = classifyOutcome(outcome, policy.operationClass, policy.retry.on, snapshot.replayable, ctx.attempts);
  span.end(outcome.kind === "response" ? outcome.response.status : undefined, verdict);
  return { outcome, verdict };
}

/**
 * One attempt through breaker → bulkhead → attempt timeout → transport, with its span. Throws CircuitOpenError /
 * BulkheadFullError (nothing sent), or the deadline/abort error when the queue wait ran the time out.
 */
export async function runAttempt(
  runtime: DownstreamRuntime,
  ctx: CallContext,
  snapshot: RequestSnapshot,
  lastFailure: unknown,
): Promise<AttemptResult> {
  const { resolved } = runtime;
  const permit = runtime.breakerFor(ctx.operation).tryAcquire();
  if (!permit.ok) {
    throw new CircuitOpenError({
      downstream: resolved.name,
      operationId: ctx.operation.operationId,
      attempts: ctx.attempts,
      remainingOpenMs: permit.remainingOpenMs,
      ...(lastFailure === undefined ? {} : { cause: lastFailure }),
    });
  }
  let release: (() => void) | undefined;
  try {
    // A free slot is taken without a promise; a full bulkhead, or a call already over, goes the waiting way.
    release =
      (ctx.deadline.aborted ? undefined : runtime.bulkhead.tryAcquire()) ??
      (await acquireSlot(runtime, ctx, lastFailure));
    const remaining = ctx.deadline.remainingMs();
    if (remaining < resolved.minAttemptTimeMs) {
      throw new DeadlineExceededError({
        downstream: resolved.name,
        operationId: ctx.operation.operationId,
        attempts: ctx.attempts,
        totalTimeoutMs: ctx.deadline.totalTimeoutMs,
        ...(lastFailure === undefined ? {} : { cause: lastFailure }),
      });
    }
    ctx.attempts += 1;
    const result = await sendTraced(runtime, ctx, snapshot, remaining);
    permit.record(result.verdict.breaker);
    return result;
  } finally {
    permit.record("ignore");
    release?.();
  }
}
