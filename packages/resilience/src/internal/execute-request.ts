import { type AnyOutboundError, DeadlineExceededError, isOutboundError, RetryAfterTooLongError, RetryBudgetExhaustedError } from "../errors.js";
import type { AttemptFailure, GiveUpReason } from "../hooks.js";
import { abortableSleep } from "./abort-scope.js";
import { abortError } from "./abort-error.js";
import { createBackoffSchedule } from "./backoff.js";
import type { CallContext } from "./call-context.js";
import { classifyOutcome } from "./classify-failure.js";
import { type DownstreamRuntime, emitHook } from "./downstream-runtime.js";
import { outcomeError } from "./outcome-error.js";
import { type RequestSnapshot, snapshotRequest } from "./request-snapshot.js";
import { retryAfterMs } from "./retry-after.js";
import { planRetry } from "./retry-plan.js";
import { type AttemptResult, runAttempt } from "./run-attempt.js";
import { countRetry } from "./telemetry.js";

function failureOf(error: AnyOutboundError): AttemptFailure {
  if (error.code === "HTTP_STATUS") return { status: error.status };
  if (error.code === "NETWORK") return { code: error.code, networkCode: error.networkCode };
  return { code: error.code };
}

const GIVE_UP_BY_CODE: Partial<Record<AnyOutboundError["code"], GiveUpReason>> = {
  CIRCUIT_OPEN: "circuit-open",
  BULKHEAD_FULL: "bulkhead-full",
  DEADLINE_EXCEEDED: "deadline",
  ABORTED: "aborted",
  RETRY_BUDGET_EXHAUSTED: "retry-budget",
  RETRY_AFTER_TOO_LONG: "retry-after-too-long",
};

/** Why a failed attempt is the last one, or undefined when another attempt may follow. */
function stopReason(ctx: CallContext, snapshot: RequestSnapshot, result: AttemptResult): GiveUpReason | undefined {
  if (result.outcome.kind === "aborted") return "aborted";
  if (result.outcome.kind === "deadline") return "deadline";
  if (!result.verdict.retryable) {
    const ifReplayable = classifyOutcome(result.outcome, ctx.policy.operationClass, ctx.policy.retry.on, true);
    return !snapshot.replayable && ifReplayable.retryable ? "non-replayable-body" : "not-retryable";
  }
  return ctx.attempts >= ctx.policy.retry.maxAttempts ? "max-attempts" : undefined;
}

/**
 * The retry loop of one request (deadline → retry budget → retry → [breaker → bulkhead → attempt]). Returns the
 * last HTTP response as a value (also a retryable status once attempts run out); throws an OutboundError for a
 * transport failure or when a policy stops the call.
 */
export async function executeRequest(runtime: DownstreamRuntime, ctx: CallContext, request: Request): Promise<Response> {
  const snapshot = await snapshotRequest(request);
  const schedule = createBackoffSchedule(ctx.policy.retry);
  const { resolved } = runtime;
  const giveUp = (reason: GiveUpReason, failure: AttemptFailure): void => {
    gaveUp = true;
    emitHook(resolved.hooks.onGiveUp, { downstream: resolved.name, operationId: ctx.operation.operationId, attempts: ctx.attempts, reason, failure });
  };
  runtime.retryBudget.recordRequest();
  let lastFailure: AnyOutboundError | undefined;
  let gaveUp = false;
  let releaseRetry: (() => void) | undefined;
  try {
    for (;;) {
      if (ctx.deadline.signal.aborted) throw abortError(resolved.name, ctx, ctx.deadline.signal.reason, lastFailure);
      const result = await runAttempt(runtime, ctx, snapshot, lastFailure);
      releaseRetry?.();
      releaseRetry = undefined;
      const { outcome, verdict } = result;
      if (outcome.kind === "response") ctx.lastStatus = outcome.response.status;
      const error = outcomeError(resolved.name, ctx, outcome, verdict.retryable, lastFailure);
      const stop = verdict.final && verdict.breaker !== "failure" ? "success" : stopReason(ctx, snapshot, result);
      if (stop === "success") return (outcome as { response: Response }).response;
      if (stop !== undefined) {
        giveUp(stop, failureOf(error));
        if (outcome.kind === "response") return outcome.response;
        throw error;
      }
      const wait = planRetry({
        retryAfterMs: outcome.kind === "response" ? retryAfterMs(outcome.response.headers) : undefined,
        backoffMs: schedule.next(),
        maxRetryAfterMs: ctx.policy.retry.maxRetryAfterMs,
        remainingMs: ctx.deadline.remainingMs(),
        minAttemptTimeMs: resolved.minAttemptTimeMs,
      });
      const base = { downstream: resolved.name, operationId: ctx.operation.operationId, attempts: ctx.attempts, cause: error };
      if (wait.kind === "retry-after-too-long") {
        throw new RetryAfterTooLongError({ ...base, retryAfterMs: wait.retryAfterMs, maxRetryAfterMs: ctx.policy.retry.maxRetryAfterMs, status: ctx.lastStatus ?? 0 });
      }
      if (wait.kind === "past-deadline") {
        throw new DeadlineExceededError({ ...base, totalTimeoutMs: ctx.deadline.totalTimeoutMs, ...(wait.retryAfterMs === undefined ? {} : { retryAfterMs: wait.retryAfterMs }) });
      }
      releaseRetry = runtime.retryBudget.tryAcquireRetry();
      if (releaseRetry === undefined) throw new RetryBudgetExhaustedError(base);
      emitHook(resolved.hooks.onRetry, { downstream: resolved.name, operationId: ctx.operation.operationId, attempt: ctx.attempts, delayMs: wait.delayMs, delaySource: wait.source, failure: failureOf(error) });
      ctx.telemetry.event("outbound.retry", { "outbound.attempt": ctx.attempts, "outbound.retry.delay_ms": wait.delayMs, "outbound.retry.delay_source": wait.source, "error.type": verdict.errorType ?? "_OTHER" });
      if (wait.source === "retry-after") ctx.telemetry.event("outbound.retry_after.wait", { "outbound.retry_after_ms": wait.delayMs, "http.response.status_code": ctx.lastStatus ?? 0 });
      countRetry(resolved.name, ctx.operation.operationId, wait.source);
      await abortableSleep(wait.delayMs, ctx.deadline.signal).catch((reason: unknown) => {
        throw abortError(resolved.name, ctx, reason, error);
      });
      lastFailure = error;
    }
  } catch (error) {
    const reason = isOutboundError(error) ? GIVE_UP_BY_CODE[error.code] : undefined;
    if (!gaveUp && reason !== undefined && isOutboundError(error)) giveUp(reason, error.cause !== undefined && isOutboundError(error.cause) ? failureOf(error.cause) : failureOf(error));
    throw error;
  } finally {
    releaseRetry?.();
  }
}
