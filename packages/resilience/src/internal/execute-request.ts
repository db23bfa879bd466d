import {
  type AnyOutboundError,
  DeadlineExceededError,
  isOutboundError,
  RetryAfterTooLongError,
  RetryBudgetExhaustedError,
} from "../errors.js";
import type { AttemptFailure, GiveUpReason } from "../hooks.js";
import { abortError } from "./abort-error.js";
import { abortableSleep } from "./abort-source.js";
import { type BackoffSchedule, createBackoffSchedule } from "./backoff.js";
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

/**
 * The retry loop of one request (deadline → retry budget → retry → [breaker → bulkhead → attempt]). `run()`
 * returns the last HTTP response as a value (a retryable status too, once attempts run out) and throws an
 * OutboundError for a transport failure or when a policy stops the call.
 */
class RetryLoop {
  readonly #runtime: DownstreamRuntime;
  readonly #ctx: CallContext;
  readonly #snapshot: RequestSnapshot;
  readonly #schedule: BackoffSchedule;
  #lastFailure: AnyOutboundError | undefined;
  #releaseRetry: (() => void) | undefined;
  #gaveUp = false;

  constructor(runtime: DownstreamRuntime, ctx: CallContext, snapshot: RequestSnapshot) {
    this.#runtime = runtime;
    this.#ctx = ctx;
    this.#snapshot = snapshot;
    this.#schedule = createBackoffSchedule(ctx.policy.retry);
  }

  async run(): Promise<Response> {
    this.#runtime.retryBudget.recordRequest();
    try {
      for (;;) {
        const { deadline } = this.#ctx;
        if (deadline.aborted)
          throw abortError(this.#runtime.resolved.name, this.#ctx, deadline.reason, this.#lastFailure);
        const result = await runAttempt(this.#runtime, this.#ctx, this.#snapshot, this.#lastFailure);
        this.#releaseRetry?.();
        this.#releaseRetry = undefined;
        // A response that ends the call returns without another promise; failures go the waiting way.
        const { outcome, verdict } = result;
        if (outcome.kind === "response" && verdict.final && verdict.breaker !== "failure") {
          this.#ctx.lastStatus = outcome.response.status;
          return outcome.response;
        }
        const response = await this.#afterAttempt(result);
        if (response !== undefined) return response;
      }
    } catch (error) {
      const reason = isOutboundError(error) ? GIVE_UP_BY_CODE[error.code] : undefined;
      if (!this.#gaveUp && reason !== undefined && isOutboundError(error)) {
        this.#giveUp(reason, isOutboundError(error.cause) ? failureOf(error.cause) : failureOf(error));
      }
      throw error;
    } finally {
      this.#releaseRetry?.();
    }
  }

  /** Returns the response that ends the call, throws the error that ends it, or waits and returns undefined to retry. */
  async #afterAttempt(result: AttemptResult): Promise<Response | undefined> {
    const { outcome, verdict } = result;
    if (outcome.kind === "response") this.#ctx.lastStatus = outcome.response.status;
    if (outcome.kind === "response" && verdict.final && verdict.breaker !== "failure") return outcome.response;
    const error = outcomeError(this.#runtime.resolved.name, this.#ctx, outcome, verdict.retryable, this.#lastFailure);
    const stop = this.#stopReason(result);
    if (stop !== undefined) {
      this.#giveUp(stop, failureOf(error));
      if (outcome.kind === "response") return outcome.response;
      throw error;
    }
    await this.#waitBeforeRetry(
      error,
      outcome.kind === "response" ? retryAfterMs(outcome.response.headers) : undefined,
      verdict.errorType,
    );
    this.#lastFailure = error;
    return undefined;
  }

  /** Why a failed attempt is the last one, or undefined when another attempt may follow. */
  #stopReason({ outcome, verdict }: AttemptResult): GiveUpReason | undefined {
    const { policy } = this.#ctx;
    if (outcome.kind === "aborted") return "aborted";
    if (outcome.kind === "deadline") return "deadline";
    if (!verdict.retryable) {
      const ifReplayable = classifyOutcome(outcome, policy.operationClass, policy.retry.on, true, this.#ctx.attempts);
      return !this.#snapshot.replayable && ifReplayable.retryable ? "non-replayable-body" : "not-retryable";
    }
    return this.#ctx.attempts >= policy.retry.maxAttempts ? "max-attempts" : undefined;
  }

  /** Plans the wait (Retry-After or backoff), asks the retry budget, reports the retry, then sleeps (abortable). */
  async #waitBeforeRetry(
    error: AnyOutboundError,
    serverWaitMs: number | undefined,
    errorType: string | undefined,
  ): Promise<void> {
    const { resolved } = this.#runtime;
    const ctx = this.#ctx;
    const wait = planRetry({
      retryAfterMs: serverWaitMs,
      backoffMs: this.#schedule.next(),
      maxRetryAfterMs: ctx.policy.retry.maxRetryAfterMs,
      remainingMs: ctx.deadline.remainingMs(),
      minAttemptTimeMs: resolved.minAttemptTimeMs,
    });
    const base = {
      downstream: resolved.name,
      operationId: ctx.operation.operationId,
      attempts: ctx.attempts,
      cause: error,
    };
    if (wait.kind === "retry-after-too-long") {
      throw new RetryAfterTooLongError({
        ...base,
        retryAfterMs: wait.retryAfterMs,
        maxRetryAfterMs: ctx.policy.retry.maxRetryAfterMs,
        status: ctx.lastStatus ?? 0,
      });
    }
    if (wait.kind === "past-deadline") {
      throw new DeadlineExceededError({
        ...base,
        totalTimeoutMs: ctx.deadline.totalTimeoutMs,
        ...(wait.retryAfterMs === undefined ? {} : { retryAfterMs: wait.retryAfterMs }),
      });
    }
    this.#releaseRetry = this.#runtime.retryBudget.tryAcquireRetry();
    if (this.#releaseRetry === undefined) throw new RetryBudgetExhaustedError(base);
    emitHook(resolved.hooks.onRetry, {
      downstream: resolved.name,
      operationId: ctx.operation.operationId,
      attempt: ctx.attempts,
      delayMs: wait.delayMs,
      delaySource: wait.source,
      failure: failureOf(error),
    });
    ctx.telemetry.event("outbound.retry", {
      "outbound.attempt": ctx.attempts,
      "outbound.retry.delay_ms": wait.delayMs,
      "outbound.retry.delay_source": wait.source,
      "error.type": errorType ?? "_OTHER",
    });
    if (wait.source === "retry-after")
      ctx.telemetry.event("outbound.retry_after.wait", {
        "outbound.retry_after_ms": wait.delayMs,
        "http.response.status_code": ctx.lastStatus ?? 0,
      });
    countRetry(resolved.name, ctx.operation.operationId, wait.source);
    await abortableSleep(wait.delayMs, ctx.deadline).catch((reason: unknown) => {
      throw abortError(resolved.name, ctx, reason, error);
    });
  }

  #giveUp(reason: GiveUpReason, failure: AttemptFailure): void {
    this.#gaveUp = true;
    const { resolved } = this.#runtime;
    emitHook(resolved.hooks.onGiveUp, {
      downstream: resolved.name,
      operationId: this.#ctx.operation.operationId,
      attempts: this.#ctx.attempts,
      reason,
      failure,
    });
  }
}

/**
 * Runs one request of a logical call through the pipeline. The request is read once (see `snapshotRequest`);
 * its own signal (openapi-fetch's `init.signal`) is merged into the call's, like the caller's. `url` is
 * `request.url` already parsed by the caller (parsed once per request).
 */
export async function executeRequest(
  runtime: DownstreamRuntime,
  ctx: CallContext,
  request: Request,
  url: URL,
): Promise<Response> {
  ctx.deadline.follow(request.signal);
  const read = snapshotRequest(request, url);
  const snapshot = read instanceof Promise ? await read : read;
  return await new RetryLoop(runtime, ctx, snapshot).run();
}
