import { AttemptSignal, raceAbort } from "./attempt-signal.js";
import { ACCEPT_ENCODING, BodyDecodeRejection, BodyTooLargeRejection } from "./body/decode-body.js";
import type { Call } from "./call.js";
import { failureOf } from "./call.js";
import {
  AbortedError,
  type AnyOutboundError,
  BulkheadFullError,
  CircuitOpenError,
  DeadlineExceededError,
  HttpStatusError,
  isOutboundError,
  NetworkError,
  ResponseParseError,
  ResponseTooLargeError,
  TimeoutError,
} from "./errors.js";
import type { AttemptFailure, GiveUpReason } from "./hooks.js";
import { BufferedResponse } from "./internal/buffered-response.js";
import { emitHook } from "./internal/downstream-runtime.js";
import type { RequestSnapshot } from "./internal/request-snapshot.js";
import { startAttemptTelemetry } from "./internal/telemetry.js";
import { type AttemptOutcome, classifyAttempt, isBeforeSend, networkCodeOf, type Verdict } from "./internal/verdict.js";
import { AttemptTimeoutReason, clampTimer, DeadlineReason } from "./policies/abort-source.js";
import type { BreakerOutcome } from "./policies/breaker.js";
import { BulkheadRejection } from "./policies/bulkhead.js";
import { StreamSession } from "./stream/event-stream-session.js";
import { openStreamOrRead } from "./stream/open-stream.js";
import { rememberStream } from "./stream/opened-streams.js";
import type { Transport, TransportResponse } from "./transport.js";

/** How one attempt ended for the call: its verdict, the response (answered attempts), the typed failure. */
export interface AttemptResult {
  readonly verdict: Verdict;
  /** The response, when the downstream answered. */
  readonly response: Response | undefined;
  /** The attempt's failure as a typed error (an HTTP status as an HttpStatusError); undefined on `return`. */
  readonly error: AnyOutboundError | undefined;
  /** The failure as `onGiveUp` reports it, when the verdict stops the call. */
  readonly failure: AttemptFailure;
  /** A streamed answer open on its first event: it holds the attempt's bulkhead slot until it closes. */
  readonly stream?: StreamSession<unknown>;
}

const NO_FAILURE: AttemptFailure = Object.freeze({});

/**
 * One attempt of `call`: breaker permit → bulkhead slot → attempt timer → send and read the body → classify into
 * one verdict. A refusal (breaker open, bulkhead full, deadline or abort while queued, too little time left) is a
 * verdict that stops the call, nothing sent. The breaker permit is released exactly once, in the `finally`, with
 * what the verdict says it records.
 */
export async function runAttempt(call: Call, snapshot: RequestSnapshot): Promise<AttemptResult> {
  const { runtime } = call;
  const permit = runtime.breakerFor(call.operation).tryAcquire();
  if (!permit.ok)
    return refused(
      new CircuitOpenError({ ...call.errorContext(call.lastFailure), remainingOpenMs: permit.remainingOpenMs }),
    );
  let recorded: BreakerOutcome = "ignore";
  let release: (() => void) | undefined;
  try {
    // A free slot is taken without a promise; a full bulkhead, or a call already over, goes the waiting way.
    release = call.deadline.aborted ? undefined : runtime.bulkhead.tryAcquire();
    if (release === undefined) {
      const slot = await acquireSlot(call);
      if (typeof slot !== "function") return slot;
      release = slot;
    }
    const remaining = call.deadline.remainingMs();
    if (remaining < runtime.resolved.minAttemptTimeMs)
      return refused(
        new DeadlineExceededError({
          ...call.errorContext(call.lastFailure),
          totalTimeoutMs: call.deadline.totalTimeoutMs,
        }),
      );
    call.attempts += 1;
    const result = await sendTraced(call, snapshot, remaining);
    recorded = result.verdict.breaker;
    // A stream holds its bulkhead slot while it runs; the breaker has its verdict already (the first event).
    if (result.stream !== undefined) {
      result.stream.holdSlot(release);
      release = undefined;
    }
    return result;
  } finally {
    permit.record(recorded);
    release?.();
  }
}

/** A refusal before anything was sent: stops the call with the policy's error. */
function refused(error: AnyOutboundError): AttemptResult {
  const reason: GiveUpReason =
    error.code === "CIRCUIT_OPEN"
      ? "circuit-open"
      : error.code === "BULKHEAD_FULL"
        ? "bulkhead-full"
        : error.code === "ABORTED"
          ? "aborted"
          : "deadline";
  const { cause } = error;
  return {
    verdict: { action: "stop", reason, retryable: false, breaker: "ignore", errorType: undefined, sent: "not-sent" },
    response: undefined,
    error,
    failure: failureOf(isOutboundError(cause) ? cause : error),
  };
}

/** Waits for a bulkhead slot: its release, or the refusal (bulkhead full, deadline or abort while queued). */
async function acquireSlot(call: Call): Promise<(() => void) | AttemptResult> {
  try {
    return await call.runtime.bulkhead.acquire(call.deadline);
  } catch (error) {
    if (!(error instanceof BulkheadRejection)) return refused(call.abortError(error));
    const { maxConcurrent, maxQueue } = error;
    return refused(new BulkheadFullError({ ...call.errorContext(call.lastFailure), maxConcurrent, maxQueue }));
  }
}

/** Sends attempt number `call.attempts` under `min(attemptTimeoutMs, remaining)`, with its hook and span. */
async function sendTraced(call: Call, snapshot: RequestSnapshot, remaining: number): Promise<AttemptResult> {
  const { resolved } = call.runtime;
  const { operation, policy } = call;
  const timeoutMs = Math.min(policy.attemptTimeoutMs, remaining);
  const { onAttempt } = resolved.hooks;
  if (onAttempt !== undefined) {
    emitHook(onAttempt, {
      downstream: resolved.name,
      operationId: operation.operationId,
      attempt: call.attempts,
      method: snapshot.method,
      urlTemplate: operation.path,
      timeoutMs,
    });
  }
  const span = startAttemptTelemetry(call.telemetry, {
    downstream: resolved.name,
    operation,
    method: snapshot.method,
    url: snapshot.url,
    fullUrl: snapshot.fullUrl,
    attempt: call.attempts,
  });
  const signal = new AttemptSignal();
  const disarm = arm(call, signal, timeoutMs, remaining < policy.attemptTimeoutMs);
  let outcome: AttemptOutcome;
  try {
    const headers = attemptHeaders(call, snapshot, span.headers);
    outcome = await exchange(
      call.runtime.transport(),
      withCredentials(call, snapshot, headers),
      headers,
      signal,
      policy.maxDecodedBodyBytes,
      operation.stream === undefined ? undefined : policy.stream.maxEventBytes,
    );
  } finally {
    disarm();
  }
  const verdict = classifyAttempt(outcome, {
    operationClass: policy.operationClass,
    retryOn: policy.retry.on,
    replayable: snapshot.replayable,
    attempt: call.attempts,
    maxAttempts: policy.retry.maxAttempts,
  });
  const opening = outcome.kind === "response" && verdict.action === "return" ? outcome.stream : undefined;
  if (opening === undefined) span.end(statusOf(outcome), verdict);
  if (verdict.sent !== "not-sent") call.outcome = verdict.sent;
  call.lastStatus = statusOf(outcome) ?? call.lastStatus;
  if (outcome.kind === "response") {
    if (verdict.action === "return") {
      const { response } = outcome;
      if (opening === undefined || operation.stream === undefined)
        return { verdict, response, error: undefined, failure: NO_FAILURE };
      const stream = new StreamSession<unknown>(response, opening, {
        context: call.errorContext(undefined),
        meta: operation.stream,
        options: policy.stream,
        span,
        status: response.status,
        verdict,
        reconnect: policy.streamReconnect,
        resumable: policy.operationClass === "idempotent" && policy.stream.maxReconnects > 0,
        acquireRetry: () => call.runtime.retryBudget.tryAcquireRetry(),
      });
      rememberStream(response, stream);
      return { verdict, response, error: undefined, failure: NO_FAILURE, stream };
    }
  }
  const error = attemptError(call, outcome, verdict);
  const response = outcome.kind === "response" ? outcome.response : undefined;
  return { verdict, response, error, failure: failureOf(error) };
}

/** The HTTP status of an answered attempt. */
function statusOf(outcome: AttemptOutcome): number | undefined {
  if (outcome.kind === "response") return outcome.response.status;
  return outcome.kind === "too-large" || outcome.kind === "undecodable" ? outcome.status : undefined;
}

/**
 * Headers of one attempt: the request's, the call's, request id, `Accept-Encoding`, the operation's `Accept`,
 * Idempotency-Key, time left; plus
 * `extra` (trace context).
 */
function attemptHeaders(
  call: Call,
  snapshot: RequestSnapshot,
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const { resolved } = call.runtime;
  // Object.assign, not spreads: merging spreads cost microseconds per call on Node 20.
  const headers: Record<string, string> = Object.assign({}, snapshot.headers, call.headers, extra);
  headers[resolved.requestIdHeader] = call.requestId;
  // The codings the transport stream-decodes under the size cap (see ACCEPT_ENCODING), unless the caller chose.
  headers["accept-encoding"] ??= ACCEPT_ENCODING;
  // The media types the spec says the operation answers, unless the caller asked for others.
  const { accept } = call.operation;
  if (accept !== undefined) headers.accept ??= accept;
  const keyHeader = call.operation.idempotencyHeader?.toLowerCase();
  if (call.policy.operationClass === "keyed" && keyHeader !== undefined)
    headers[keyHeader] = call.idempotencyKey(snapshot, keyHeader);
  if (resolved.deadlineHeader !== false)
    headers[resolved.deadlineHeader] = String(Math.floor(call.deadline.remainingMs()));
  return headers;
}

/**
 * The attempt's credentials read per attempt (token providers, OAuth) put on `headers` (set, or appended to the
 * `cookie` header) and, for query credentials, on a copy of the snapshot's URL (appended as text, so the rest of
 * the query keeps its bytes). Telemetry keeps the snapshot's URL, which never holds them.
 */
function withCredentials(call: Call, snapshot: RequestSnapshot, headers: Record<string, string>): RequestSnapshot {
  const credentials = call.credentials;
  if (credentials === undefined) return snapshot;
  for (const [name, value] of credentials.headers) headers[name] = value;
  if (credentials.cookies !== "")
    headers.cookie = headers.cookie ? `${headers.cookie}; ${credentials.cookies}` : credentials.cookies;
  if (credentials.query === "") return snapshot;
  const url = new URL(snapshot.url);
  url.search = `${url.search === "" ? "" : `${url.search}&`}${credentials.query}`;
  return { ...snapshot, url };
}

/**
 * Aborts `signal` on a caller's abort of the call and on the attempt's own timer, `timeoutMs`, which reports a
 * {@link DeadlineReason} when the deadline is the nearer (`clampedByDeadline`). Returns the disarm function.
 */
function arm(call: Call, signal: AttemptSignal, timeoutMs: number, clampedByDeadline: boolean): () => void {
  const { deadline } = call;
  if (deadline.aborted) {
    signal.abort(deadline.reason);
    return () => undefined;
  }
  const unsubscribe = deadline.onCallerAbort((reason) => signal.abort(reason));
  const timer = setTimeout(() => {
    signal.abort(clampedByDeadline ? new DeadlineReason(deadline.totalTimeoutMs) : new AttemptTimeoutReason(timeoutMs));
  }, clampTimer(timeoutMs));
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

/**
 * Sends the request and reads the whole answer under `signal` (connect, headers and body), and reports how it
 * ended. Which of caller abort, deadline or attempt timeout ended it is read from the signal's reason, never
 * guessed from the error. The exchange is also raced against the signal, so an abort is honoured at once even
 * by a transport slow to notice it (undici only sees the abort of a request waiting for a pooled connection once
 * it gets one). A body that is not read is discarded; one past `maxBodyBytes` (decoded) or with a corrupt content
 * coding is an outcome of its own. Never throws.
 */
async function exchange(
  transport: Transport,
  snapshot: RequestSnapshot,
  headers: Record<string, string>,
  signal: AttemptSignal,
  maxBodyBytes: number,
  maxEventBytes: number | undefined,
): Promise<AttemptOutcome> {
  const { url, method, body } = snapshot;
  try {
    const answer = transport.send({ url, method, headers, body, signal });
    const read = (sent: Promise<TransportResponse>) => readAnswer(sent, maxBodyBytes);
    // An operation that streams reads a streamed answer only up to its first event (see openStreamOrRead).
    const outcome = maxEventBytes === undefined ? read(answer) : openStreamOrRead(answer, signal, maxEventBytes, read);
    return await raceAbort(outcome, signal);
  } catch (error) {
    if (!signal.aborted) return { kind: "network", networkCode: networkCodeOf(error) };
    const reason: unknown = signal.reason;
    if (reason instanceof AttemptTimeoutReason) return { kind: "timeout", timeoutMs: reason.timeoutMs };
    if (reason instanceof DeadlineReason) return { kind: "deadline" };
    return { kind: "aborted", reason };
  }
}

/** Statuses whose response has no body (RFC 9110 §15.3.5, §15.3.6, §15.4.5). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * The transport's answer with its body read whole (at most `maxBodyBytes` decoded bytes), as a `Response` (a
 * {@link BufferedResponse}: no stream to build for bytes already in memory) that openapi-fetch parses; a body too large or badly encoded is reported as such.
 */
async function readAnswer(answer: Promise<TransportResponse>, maxBodyBytes: number): Promise<AttemptOutcome> {
  const { status, headers, body } = await answer;
  let bytes: Uint8Array;
  try {
    bytes = await body.bytes(maxBodyBytes);
  } catch (error) {
    body.discard();
    if (error instanceof BodyTooLargeRejection) {
      const { maxBytes, receivedBytes, encoding } = error;
      return { kind: "too-large", status, maxBytes, receivedBytes, encoding };
    }
    if (error instanceof BodyDecodeRejection)
      return { kind: "undecodable", status, encoding: error.encoding, zlibCode: error.zlibCode };
    throw error;
  }
  if (NULL_BODY_STATUSES.has(status)) return { kind: "response", response: new Response(null, { status, headers }) };
  // The body is complete: its real length is known, which also lets openapi-fetch see an empty body.
  headers.set("content-length", String(bytes.byteLength));
  return { kind: "response", response: new BufferedResponse(bytes as Uint8Array<ArrayBuffer>, { status, headers }) };
}

/** The typed error of a failed attempt (an HTTP response becomes an {@link HttpStatusError}, used only as a cause). */
function attemptError(call: Call, outcome: AttemptOutcome, verdict: Verdict): AnyOutboundError {
  const context = call.errorContext(undefined);
  switch (outcome.kind) {
    case "response":
      return new HttpStatusError({ ...context, status: outcome.response.status, retryable: verdict.retryable });
    case "timeout":
      // An unsafe operation's request may have been processed: no outer layer may resend it.
      return new TimeoutError({
        ...context,
        timeoutMs: outcome.timeoutMs,
        retryable: call.policy.operationClass !== "unsafe",
      });
    case "deadline":
      return new DeadlineExceededError({
        ...call.errorContext(call.lastFailure),
        totalTimeoutMs: call.deadline.totalTimeoutMs,
      });
    case "aborted":
      return new AbortedError({ ...context, cause: outcome.reason });
    case "network":
      return new NetworkError({
        ...context,
        networkCode: outcome.networkCode,
        beforeSend: isBeforeSend(outcome.networkCode),
        retryable: verdict.retryable,
        cause: new Error(`transport error ${outcome.networkCode}`),
      });
    case "too-large": {
      const { status, maxBytes, receivedBytes, encoding } = outcome;
      return new ResponseTooLargeError({ ...context, status, maxBytes, receivedBytes, encoding });
    }
    case "undecodable":
      return new ResponseParseError({
        ...context,
        status: outcome.status,
        reason: `its content-encoding ${outcome.encoding} is corrupt or truncated (${outcome.zlibCode}); the downstream sent a broken body, report it to its owners`,
      });
  }
}
