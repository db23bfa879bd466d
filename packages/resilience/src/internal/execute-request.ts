import { DeadlineExceededError } from "../errors.js";
import type { CallContext } from "./call-context.js";
import { classifyOutcome } from "./classify-failure.js";
import type { DownstreamRuntime } from "./downstream-runtime.js";
import { outcomeError } from "./outcome-error.js";
import { snapshotRequest } from "./request-snapshot.js";
import { attemptHeaders, sendAttempt } from "./send-attempt.js";

/**
 * Runs one request of a logical call through the pipeline and returns the response (HTTP errors included, as
 * values) or throws an OutboundError.
 */
export async function executeRequest(runtime: DownstreamRuntime, ctx: CallContext, request: Request): Promise<Response> {
  const snapshot = await snapshotRequest(request);
  const { resolved } = runtime;
  const remaining = ctx.deadline.remainingMs();
  if (remaining < resolved.minAttemptTimeMs) {
    throw new DeadlineExceededError({ downstream: resolved.name, operationId: ctx.operation.operationId, attempts: ctx.attempts, totalTimeoutMs: ctx.deadline.totalTimeoutMs });
  }
  ctx.attempts += 1;
  const timer = { timeoutMs: Math.min(ctx.policy.attemptTimeoutMs, remaining), clampedByDeadline: remaining < ctx.policy.attemptTimeoutMs, totalTimeoutMs: ctx.deadline.totalTimeoutMs };
  const headers = attemptHeaders(resolved, ctx, snapshot, {});
  const outcome = await sendAttempt(runtime.transport(), snapshot, headers, ctx.deadline.signal, timer);
  const verdict = classifyOutcome(outcome, ctx.policy.operationClass, ctx.policy.retry.on, snapshot.replayable);
  if (outcome.kind === "response") {
    ctx.lastStatus = outcome.response.status;
    return outcome.response;
  }
  throw outcomeError(resolved.name, ctx, outcome, verdict.retryable);
}
