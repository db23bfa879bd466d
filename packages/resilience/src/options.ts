import type { ResilienceHooks } from "./hooks.js";
import type { StreamOptions } from "./stream/stream-options.js";
import type { Transport } from "./transport.js";

/** How backoff delays are spread. `equal`: uniform in [d/2, d]; `decorrelated`: Polly's decorrelated jitter (via cockatiel); `none`: exactly d. */
export type JitterMode = "equal" | "decorrelated" | "none";

/** Retry tuning. Which operations may retry at all comes from their class (RFC 9110 §9.2.2), never from here. */
export interface RetryOptions {
  /** Attempts in all, the first one included; 1 turns retries off. Finite. @default 3 */
  readonly maxAttempts?: number;
  /** Backoff base delay in ms: retry n waits about `initialDelayMs * 2^(n-1)`, capped. @default 100 */
  readonly initialDelayMs?: number;
  /** Upper bound of every backoff delay in ms; must be >= `initialDelayMs`. @default 5000 */
  readonly maxDelayMs?: number;
  /** Jitter applied to backoff delays. @default "equal" */
  readonly jitter?: JitterMode;
  /**
   * Longest `Retry-After` / `retry-after-ms` wait honoured, in ms, inclusive. A longer wait fails at once with
   * `RETRY_AFTER_TOO_LONG` (RFC 9110 §10.2.3). @default 60000
   */
  readonly maxRetryAfterMs?: number;
  /**
   * HTTP statuses retried (idempotent and keyed operations with a replayable body; never unsafe ones). Besides
   * these, a `keyed` operation retries a 409 answered to its attempt 2 or later: the server is still processing
   * an earlier attempt with the same Idempotency-Key (draft-ietf-httpapi-idempotency-key-header §2.6). A 409 to
   * attempt 1, and 422, stay final. @default [408, 429, 500, 502, 503, 504]
   */
  readonly on?: readonly number[];
}

/** Circuit breaker: opens on a failure ratio over a sliding window of the last attempts. */
export interface BreakerOptions {
  /** Opens when failures / calls in the window >= this ratio (0 < ratio <= 1). @default 0.5 */
  readonly failureRatio?: number;
  /** Attempts kept in the sliding window. @default 20 */
  readonly windowSize?: number;
  /** Samples older than this (ms) leave the window. @default 60000 */
  readonly windowMs?: number;
  /** Fewest attempts in the window before the ratio is judged (<= windowSize). @default 10 */
  readonly minimumCalls?: number;
  /** Time open before one probe may go through (half-open), in ms. @default 5000 */
  readonly halfOpenAfterMs?: number;
  /** One breaker for the whole downstream, or one per operationId. @default "downstream" */
  readonly scope?: "downstream" | "operation";
}

/** Bulkhead: a cap on concurrent attempts to the downstream, with a bounded FIFO queue. */
export interface BulkheadOptions {
  /** Attempts in flight at once. @default 100 */
  readonly maxConcurrent?: number;
  /** Attempts waiting for a slot; one more fails with `BULKHEAD_FULL`. @default 100 */
  readonly maxQueue?: number;
}

/** Retry budget (Envoy `retry_budget`, Finagle RetryBudget): caps retries relative to recent traffic. */
export interface RetryBudgetOptions {
  /** Retries allowed as a fraction of the requests (first attempts) in the window. @default 0.2 */
  readonly ratio?: number;
  /** Window over which requests and retries are counted, in ms. @default 10000 */
  readonly windowMs?: number;
  /** Retries allowed concurrently whatever the ratio, so low traffic still retries. @default 3 */
  readonly minConcurrentRetries?: number;
}

/**
 * Every policy knob of the pipeline, all optional. Precedence per field: call options, then the operation's
 * generated policy (`OperationMeta.retry` / `.timeout`), then these client options, then
 * {@link DEFAULT_RESILIENCE_OPTIONS}. Validated when the downstream is created ({@link InvalidOptionsError}).
 */
export interface ResilienceOptions {
  /** Deadline of a logical call in ms: every attempt and wait included. @default 30000 */
  readonly totalTimeoutMs?: number;
  /** Timeout of one attempt in ms, connect + headers + whole body read; clamped to the time left. @default 10000 */
  readonly attemptTimeoutMs?: number;
  /** No attempt starts with less time left than this (ms); the call fails with `DEADLINE_EXCEEDED`. @default 25 */
  readonly minAttemptTimeMs?: number;
  /**
   * Largest response body a call reads, in bytes, counted after content decoding (gzip, deflate, br): a larger
   * answer fails the attempt with `RESPONSE_TOO_LARGE` (not retried) and its socket is destroyed, so a compression
   * bomb never inflates past it. The transport's `maxResponseBodyBytes` caps the bytes on the wire.
   * @default 67108864 (64 MiB)
   */
  readonly maxDecodedBodyBytes?: number;
  /** Retry tuning. */
  readonly retry?: RetryOptions;
  /** Circuit breaker tuning. */
  readonly breaker?: BreakerOptions;
  /** Bulkhead tuning. */
  readonly bulkhead?: BulkheadOptions;
  /** Retry budget tuning. */
  readonly retryBudget?: RetryBudgetOptions;
  /** Transport to send through. @default the process-wide pooled transport (see `getDefaultTransport`) */
  readonly transport?: Transport;
  /** Logging / metrics hooks. */
  readonly hooks?: ResilienceHooks;
  /**
   * Request header that carries the time left (integer ms) to the downstream, so it can stop work the caller no
   * longer waits for; `false` sends none. Read on the other side with `readInboundDeadline`.
   * @default "x-outbound-timeout-ms"
   */
  readonly deadlineHeader?: string | false;
  /** Header that carries the request id on every attempt. @default "x-request-id" */
  readonly requestIdHeader?: string;
  /**
   * Request id when the call options and the request context have none: a fixed string or a function called
   * once per logical call. @default a fresh UUID per logical call
   */
  readonly requestId?: string | (() => string | undefined);
  /**
   * Deadlines and limits of streamed answers (SSE, NDJSON): `idleTimeoutMs` (30000), `unpulledTimeoutMs` (300000),
   * `maxStreamDurationMs` (3600000), `maxEventBytes` (16 MiB), `resume` (false). See `StreamOptions` and
   * `DEFAULT_STREAM_OPTIONS`.
   */
  readonly stream?: StreamOptions;
}

/** What identifies a downstream, plus its policies. Secrets named here never reach spans, errors or hooks. */
export type DownstreamOptions = {
  /** Downstream name (the `specs/<name>` folder); used in errors, spans, metrics. Non-empty. */
  readonly name: string;
  /** Extra request headers whose values are secret (always: authorization, proxy-authorization, cookie, x-api-key). */
  readonly secretHeaders?: readonly string[];
  /** Query parameters whose values are redacted in `url.full`. */
  readonly secretQueryParams?: readonly string[];
} & ResilienceOptions;

/** Breaker options with every field set. */
export type ResolvedBreakerOptions = Required<BreakerOptions>;
/** Bulkhead options with every field set. */
export type ResolvedBulkheadOptions = Required<BulkheadOptions>;
/** Retry budget options with every field set. */
export type ResolvedRetryBudgetOptions = Required<RetryBudgetOptions>;

/** The defaults every unset option takes. Frozen; tests import it. */
export const DEFAULT_RESILIENCE_OPTIONS = Object.freeze({
  totalTimeoutMs: 30_000,
  attemptTimeoutMs: 10_000,
  minAttemptTimeMs: 25,
  maxDecodedBodyBytes: 64 * 1024 * 1024,
  retry: Object.freeze({
    maxAttempts: 3,
    initialDelayMs: 100,
    maxDelayMs: 5_000,
    jitter: "equal" as JitterMode,
    maxRetryAfterMs: 60_000,
    on: Object.freeze([408, 429, 500, 502, 503, 504]) as readonly number[],
  }),
  breaker: Object.freeze<ResolvedBreakerOptions>({
    failureRatio: 0.5,
    windowSize: 20,
    windowMs: 60_000,
    minimumCalls: 10,
    halfOpenAfterMs: 5_000,
    scope: "downstream",
  }),
  bulkhead: Object.freeze<ResolvedBulkheadOptions>({ maxConcurrent: 100, maxQueue: 100 }),
  retryBudget: Object.freeze<ResolvedRetryBudgetOptions>({ ratio: 0.2, windowMs: 10_000, minConcurrentRetries: 3 }),
  deadlineHeader: "x-outbound-timeout-ms" as string | false,
  requestIdHeader: "x-request-id",
});

/** Header names whose values are always treated as secret (lower-case). */
export const ALWAYS_SECRET_HEADERS: readonly string[] = Object.freeze([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
]);
