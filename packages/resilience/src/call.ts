import { randomUUID } from "node:crypto";
import { context } from "@opentelemetry/api";
import { type AttemptResult, runAttempt } from "./attempt.js";
import type { CredentialSet } from "./auth/attempt-credentials.js";
import type { AnyCallOptions } from "./call-options.js";
import type { FetchFunction } from "./downstream.js";
import {
  AbortedError,
  type AnyOutboundError,
  DeadlineExceededError,
  isOutboundError,
  type OutboundErrorContext,
  type RequestOutcome,
  ResponseParseError,
  RetryAfterTooLongError,
  RetryBudgetExhaustedError,
} from "./errors.js";
import type { AttemptFailure, GiveUpReason } from "./hooks.js";
import { type CallPolicy, resolveCallPolicy } from "./internal/call-policy.js";
import type { CompiledOperation } from "./internal/compiled-operation.js";
import { type DownstreamRuntime, emitHook } from "./internal/downstream-runtime.js";
import { redactUrl } from "./internal/redact-url.js";
import { checkPathFitsTemplate, toRequestBuildError } from "./internal/request-guards.js";
import { type RequestSnapshot, snapshotRequest } from "./internal/request-snapshot.js";
import { type CallTelemetry, countRetry, startCallTelemetry } from "./internal/telemetry.js";
import type { OperationMeta } from "./operation.js";
import { abortableSleep, DeadlineReason } from "./policies/abort-source.js";
import { type BackoffSchedule, createBackoffSchedule } from "./policies/backoff.js";
import { Deadline } from "./policies/deadline.js";
import { retryAfterMs } from "./policies/retry-after.js";
import { planRetry } from "./policies/retry-plan.js";
import { currentRequestContext } from "./request-context.js";

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The call's extra headers with lower-case names (a shared empty object when there are none). */
function callHeaders(given: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (given === undefined) return NO_HEADERS;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  return headers;
}

/** A hook's view of a failure: its status, or its code (and system code), never headers or bodies. */
export function failureOf(error: AnyOutboundError): AttemptFailure {
  if (error.code === "HTTP_STATUS") return { status: error.status };
  if (error.code === "NETWORK") return { code: error.code, networkCode: error.networkCode };
  return { code: error.code };
}

/**
 * One logical call of an operation: it owns everything the call carries across its attempts (resolved policy,
 * deadline, request id, Idempotency-Key, span, attempts made, last failure, what was sent) and runs them
 * ({@link Call.execute}): check the deadline, run an attempt, return or stop as its verdict says, or wait and go
 * again. An attempt ({@link runAttempt}) is the one unit beside it.
 */
export class Call {
  readonly runtime: DownstreamRuntime;
  /** The operation's metadata (its compiled template serves the path guard). */
  readonly operation: OperationMeta;
  readonly compiled: CompiledOperation;
  readonly policy: CallPolicy;
  /** Own budget, capped by any inbound deadline of the request context, merged with the caller's signals. */
  readonly deadline: Deadline;
  readonly requestId: string;
  /** Extra per-call headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly telemetry: CallTelemetry;
  /** Attempts sent so far (across every `fetch` the call makes). */
  attempts = 0;
  /** The last failed attempt's error, the cause of a policy error that stops the call. */
  lastFailure: AnyOutboundError | undefined = undefined;
  /** Status of the last response seen, for a parse error. */
  lastStatus: number | undefined = undefined;
  /** The response the call returned: its Content-Type is named by a parse error (read only then). */
  #answered: Response | undefined = undefined;
  /** What the call may have done on the server so far. */
  outcome: RequestOutcome = "not-sent";
  /** The credentials of the current attempt, read before it (token providers, OAuth); undefined without any. */
  credentials: CredentialSet | undefined = undefined;
  /** Whether the call already replayed once after a 401 with renewed credentials. */
  #renewedAfter401 = false;
  #idempotencyKey: string | undefined;
  #schedule: BackoffSchedule | undefined;
  #fetched = false;

  /** @throws InvalidOptionsError for invalid call options. */
  constructor(runtime: DownstreamRuntime, compiled: CompiledOperation, options: AnyCallOptions | undefined) {
    const { resolved } = runtime;
    const operation = compiled.meta;
    this.runtime = runtime;
    this.compiled = compiled;
    this.operation = operation;
    this.policy = resolveCallPolicy(compiled.policy, options);
    const inbound = currentRequestContext();
    this.deadline = new Deadline({
      totalTimeoutMs: this.policy.totalTimeoutMs,
      inboundDeadlineAt: inbound?.deadlineAt,
      signal: options?.signal,
    });
    const fromOption = typeof resolved.requestId === "function" ? resolved.requestId() : resolved.requestId;
    this.requestId = options?.requestId ?? inbound?.requestId ?? fromOption ?? randomUUID();
    this.headers = callHeaders(options?.headers);
    const keyHeader = operation.idempotencyHeader?.toLowerCase();
    if (this.policy.operationClass === "keyed" && keyHeader !== undefined)
      this.#idempotencyKey = options?.idempotencyKey ?? this.headers[keyHeader];
    this.telemetry = startCallTelemetry(resolved.name, operation);
  }

  /**
   * The Idempotency-Key of a `keyed` call, the same on every attempt: the caller's `idempotencyKey`, else the one
   * in the call's `headers` (any casing), else the one openapi-fetch put on the request, else a UUID v4 made once.
   */
  idempotencyKey(snapshot: RequestSnapshot, header: string): string {
    this.#idempotencyKey ??= snapshot.headers[header] ?? randomUUID();
    return this.#idempotencyKey;
  }

  /**
   * Runs `run` (openapi-fetch's request) with this call's `fetch`, inside the call's span, and settles the call:
   * a failure before `fetch` (building the request) is an InvalidRequestError, a JSON parse failure after it a
   * ResponseParseError; the deadline's listeners and timer are released and the span ended either way.
   */
  async execute<T>(run: (fetch: FetchFunction) => Promise<T>): Promise<T> {
    let failure: unknown;
    try {
      return await context.with(this.telemetry.context, run, undefined, this.fetch);
    } catch (error) {
      failure = this.#fetched
        ? this.#parseError(error)
        : toRequestBuildError(this.runtime.resolved.name, this.operation, error);
      throw failure;
    } finally {
      this.deadline.dispose();
      this.telemetry.end(failure);
    }
  }

  /**
   * The `fetch` handed to openapi-fetch: its Request runs through {@link Call.#run}. The Request's own `signal` is
   * not followed (a listener per call costs microseconds): the caller's signal is the call options' `signal`, where
   * generated methods and `pathClient` move an init's `signal`.
   */
  readonly fetch: FetchFunction = async (request) => {
    this.#fetched = true;
    const url = new URL(request.url);
    checkPathFitsTemplate(this.runtime.resolved.name, this.compiled, url);
    const fullUrl = redactUrl(url, this.runtime.resolved.secretQueryParams);
    return this.#run(await snapshotRequest(request, url, fullUrl));
  };

  /** The loop: deadline, attempt, then return, stop, or wait and go again. */
  async #run(snapshot: RequestSnapshot): Promise<Response> {
    this.runtime.retryBudget.recordRequest();
    let releaseRetry: (() => void) | undefined;
    try {
      for (;;) {
        if (this.deadline.aborted) throw this.stop(this.abortError(this.deadline.reason));
        // Only clients with per-attempt credentials wait for them: the path without stays free of an extra await.
        if (this.runtime.credentials !== undefined) this.credentials = await this.runtime.credentials.forAttempt();
        const attempt = await runAttempt(this, snapshot);
        releaseRetry?.();
        releaseRetry = undefined;
        const { verdict, response, error } = attempt;
        if (response?.status === 401 && this.#replayAfter401(snapshot)) continue;
        if (verdict.action === "return" && response !== undefined) return this.#answer(response);
        if (verdict.action === "stop" || error === undefined) {
          this.#giveUp(verdict.reason ?? "not-retryable", attempt.failure);
          if (response !== undefined) return this.#answer(response);
          throw error;
        }
        releaseRetry = await this.#waitBeforeRetry(attempt, error);
        this.lastFailure = error;
      }
    } finally {
      releaseRetry?.();
    }
  }

  /**
   * Whether to send the call once more after a 401: once per call, for every class, when its credentials can be
   * renewed (OAuth: the token the 401 answered is dropped, the next attempt gets a new one) and its body can be
   * resent. A 401 means the request was not processed for lack of valid credentials (RFC 9110 §15.5.2), so the
   * replay cannot repeat a side effect; a second 401 is returned as it is, never looped on.
   */
  #replayAfter401(snapshot: RequestSnapshot): boolean {
    const { credentials } = this.runtime;
    if (this.#renewedAfter401 || credentials === undefined || this.credentials === undefined) return false;
    if (!snapshot.replayable || !credentials.renewAfter401(this.credentials)) return false;
    this.#renewedAfter401 = true;
    this.telemetry.event("outbound.auth.renewed", { "outbound.attempt": this.attempts });
    return true;
  }

  /**
   * Plans the wait (Retry-After or backoff), asks the retry budget, reports the retry, then sleeps (abortable).
   * Returns the retry budget's release, to call once the retried attempt is over.
   * @throws the policy error that stops the call instead (Retry-After too long, past the deadline, no budget, abort).
   */
  async #waitBeforeRetry(attempt: AttemptResult, error: AnyOutboundError): Promise<() => void> {
    const { resolved, retryBudget } = this.runtime;
    const retry = this.policy.retry;
    this.#schedule ??= createBackoffSchedule(retry);
    const wait = planRetry({
      retryAfterMs: attempt.response === undefined ? undefined : retryAfterMs(attempt.response.headers),
      backoffMs: this.#schedule.next(),
      maxRetryAfterMs: retry.maxRetryAfterMs,
      remainingMs: this.deadline.remainingMs(),
      minAttemptTimeMs: resolved.minAttemptTimeMs,
    });
    const context = this.errorContext(error);
    if (wait.kind === "retry-after-too-long") {
      const { maxRetryAfterMs } = retry;
      const status = this.lastStatus ?? 0;
      throw this.stop(
        new RetryAfterTooLongError({ ...context, retryAfterMs: wait.retryAfterMs, maxRetryAfterMs, status }),
      );
    }
    if (wait.kind === "past-deadline") {
      const { totalTimeoutMs } = this.deadline;
      const retryAfter = wait.retryAfterMs === undefined ? {} : { retryAfterMs: wait.retryAfterMs };
      throw this.stop(new DeadlineExceededError({ ...context, totalTimeoutMs, ...retryAfter }));
    }
    const release = retryBudget.tryAcquireRetry();
    if (release === undefined) throw this.stop(new RetryBudgetExhaustedError(context));
    this.#reportRetry(wait.delayMs, wait.source, error, attempt.verdict.errorType);
    try {
      await abortableSleep(wait.delayMs, this.deadline);
    } catch (reason) {
      release();
      throw this.stop(this.abortError(reason, error));
    }
    return release;
  }

  #reportRetry(delayMs: number, source: "backoff" | "retry-after", error: AnyOutboundError, errorType?: string): void {
    const { resolved } = this.runtime;
    const { operationId } = this.operation;
    emitHook(resolved.hooks.onRetry, {
      downstream: resolved.name,
      operationId,
      attempt: this.attempts,
      delayMs,
      delaySource: source,
      failure: failureOf(error),
    });
    this.telemetry.event("outbound.retry", {
      "outbound.attempt": this.attempts,
      "outbound.retry.delay_ms": delayMs,
      "outbound.retry.delay_source": source,
      "error.type": errorType ?? "_OTHER",
    });
    if (source === "retry-after")
      this.telemetry.event("outbound.retry_after.wait", {
        "outbound.retry_after_ms": delayMs,
        "http.response.status_code": this.lastStatus ?? 0,
      });
    countRetry(resolved.name, operationId, source);
  }

  /** What every error of this call carries: downstream, operationId, attempts, outcome and `cause`. */
  errorContext(cause: unknown): OutboundErrorContext {
    const base = {
      downstream: this.runtime.resolved.name,
      operationId: this.operation.operationId,
      attempts: this.attempts,
      outcome: this.outcome,
    };
    return cause === undefined ? base : { ...base, cause };
  }

  /**
   * The error for an abort of the call's deadline: its own expiry is DEADLINE_EXCEEDED (`cause` the last failure),
   * anything else the caller's abort, ABORTED with the caller's reason as `cause`.
   */
  abortError(reason: unknown, lastFailure: unknown = this.lastFailure): AnyOutboundError {
    if (reason instanceof DeadlineReason)
      return new DeadlineExceededError({
        ...this.errorContext(lastFailure),
        totalTimeoutMs: this.deadline.totalTimeoutMs,
      });
    return new AbortedError({ ...this.errorContext(undefined), cause: reason });
  }

  /** Reports a policy's `error` that stops the call (`onGiveUp`, with the failure it stopped on) and returns it. */
  stop(error: AnyOutboundError): AnyOutboundError {
    const reason = GIVE_UP_BY_CODE[error.code] ?? "not-retryable";
    this.#giveUp(reason, failureOf(isOutboundError(error.cause) ? error.cause : error));
    return error;
  }

  #giveUp(reason: GiveUpReason, failure: AttemptFailure): void {
    const { resolved } = this.runtime;
    emitHook(resolved.hooks.onGiveUp, {
      downstream: resolved.name,
      operationId: this.operation.operationId,
      attempts: this.attempts,
      reason,
      failure,
    });
  }

  /** The response the call returns, kept for a parse error. */
  #answer(response: Response): Response {
    this.#answered = response;
    return response;
  }

  /**
   * A failure reading the returned answer's body: openapi-fetch's JSON parse failure (a SyntaxError from
   * `JSON.parse`), or a body too long for a string (V8's `ERR_STRING_TOO_LONG`, a RangeError). V8 quotes the body
   * around a JSON error (`Unexpected token 'B', "Bearer sk_"... is not valid JSON`), and a body may echo a
   * credential, so the cause keeps only the position. The message names the Content-Type received and what to do.
   */
  #parseError(error: unknown): unknown {
    if (isOutboundError(error) || !(error instanceof SyntaxError || error instanceof RangeError)) return error;
    const type = this.#answered?.headers.get("content-type") ?? undefined;
    let reason: string;
    let cause: Error;
    if (error instanceof SyntaxError) {
      const position = /at position (\d+)/.exec(error.message)?.[1];
      cause = new SyntaxError(
        `response body is not valid JSON${position === undefined ? "" : ` at position ${position}`}`,
      );
      reason =
        type === undefined || /[/+]json\s*(?:;|$)/i.test(type)
          ? "the body is not valid JSON (truncated or malformed); the downstream sent a broken body"
          : `the operation is read as JSON but the answer is ${type}; pass parseAs "text" or "blob" to read it, or check the base URL (an HTML page often comes from a proxy or a wrong host)`;
    } else {
      cause = new RangeError("response body is too long for a string");
      reason = 'the body is too long for a string; pass parseAs "blob" or "stream", or lower maxDecodedBodyBytes';
    }
    return new ResponseParseError({
      ...this.errorContext(cause),
      outcome: "answered",
      ...(this.lastStatus === undefined ? {} : { status: this.lastStatus }),
      ...(type === undefined ? {} : { contentType: type }),
      reason,
    });
  }
}

/** The `onGiveUp` reason of each policy error that stops a call. */
const GIVE_UP_BY_CODE: Partial<Record<AnyOutboundError["code"], GiveUpReason>> = {
  CIRCUIT_OPEN: "circuit-open",
  BULKHEAD_FULL: "bulkhead-full",
  DEADLINE_EXCEEDED: "deadline",
  ABORTED: "aborted",
  RETRY_BUDGET_EXHAUSTED: "retry-budget",
  RETRY_AFTER_TOO_LONG: "retry-after-too-long",
};
