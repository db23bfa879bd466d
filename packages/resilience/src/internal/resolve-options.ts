import type { ResilienceHooks } from "../hooks.js";
import { InvalidOptionsError } from "../invalid-options-error.js";
import {
  ALWAYS_SECRET_HEADERS,
  DEFAULT_RESILIENCE_OPTIONS,
  type DownstreamOptions,
  type JitterMode,
  type ResolvedBreakerOptions,
  type ResolvedBulkheadOptions,
  type ResolvedRetryBudgetOptions,
} from "../options.js";
import { DEFAULT_STREAM_OPTIONS, type ResolvedStreamOptions, resolveStreamOptions } from "../stream/stream-options.js";
import type { Transport } from "../transport.js";

/** Retry settings after defaults and validation. */
export interface ResolvedRetryOptions {
  readonly maxAttempts: number;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: JitterMode;
  readonly maxRetryAfterMs: number;
  readonly on: ReadonlySet<number>;
}

/** Downstream options after defaults and validation (`ResolvedXOptions` in the house style). */
export interface ResolvedDownstreamOptions {
  readonly name: string;
  readonly secretHeaders: ReadonlySet<string>;
  readonly secretQueryParams: ReadonlySet<string>;
  readonly totalTimeoutMs: number;
  readonly attemptTimeoutMs: number;
  readonly minAttemptTimeMs: number;
  readonly maxDecodedBodyBytes: number;
  readonly retry: ResolvedRetryOptions;
  readonly breaker: ResolvedBreakerOptions;
  readonly bulkhead: ResolvedBulkheadOptions;
  readonly retryBudget: ResolvedRetryBudgetOptions;
  readonly transport: Transport | undefined;
  readonly hooks: ResilienceHooks;
  readonly deadlineHeader: string | false;
  readonly requestIdHeader: string;
  readonly requestId: string | (() => string | undefined) | undefined;
  readonly stream: ResolvedStreamOptions;
}

type Check = "positive" | "non-negative" | "integer>=1" | "integer>=0" | "ratio";

/** Throws InvalidOptionsError unless `value` passes `check`; returns it. */
export function checkNumber(path: string, value: number, check: Check): number {
  const ok =
    Number.isFinite(value) &&
    (check === "positive"
      ? value > 0
      : check === "non-negative"
        ? value >= 0
        : check === "integer>=1"
          ? Number.isInteger(value) && value >= 1
          : check === "integer>=0"
            ? Number.isInteger(value) && value >= 0
            : value > 0 && value <= 1);
  if (!ok) {
    const expected = {
      positive: "a finite number > 0",
      "non-negative": "a finite number >= 0",
      "integer>=1": "an integer >= 1",
      "integer>=0": "an integer >= 0",
      ratio: "a number in (0, 1]",
    }[check];
    throw new InvalidOptionsError(
      path,
      `expected ${expected}, got ${String(value)}`,
      "Fix the value or leave it out to use the documented default.",
    );
  }
  return value;
}

/** Merges retry settings over `base` and validates them (maxDelayMs >= initialDelayMs). */
export function resolveRetry(
  base: ResolvedRetryOptions,
  patch: Partial<Omit<ResolvedRetryOptions, "on"> & { on: readonly number[] }> | undefined,
  path: string,
): ResolvedRetryOptions {
  if (patch === undefined) return base;
  const merged = {
    maxAttempts: checkNumber(`${path}.maxAttempts`, patch.maxAttempts ?? base.maxAttempts, "integer>=1"),
    initialDelayMs: checkNumber(`${path}.initialDelayMs`, patch.initialDelayMs ?? base.initialDelayMs, "non-negative"),
    maxDelayMs: checkNumber(`${path}.maxDelayMs`, patch.maxDelayMs ?? base.maxDelayMs, "non-negative"),
    jitter: patch.jitter ?? base.jitter,
    maxRetryAfterMs: checkNumber(
      `${path}.maxRetryAfterMs`,
      patch.maxRetryAfterMs ?? base.maxRetryAfterMs,
      "non-negative",
    ),
    on: patch.on === undefined ? base.on : new Set(patch.on),
  };
  if (merged.maxDelayMs < merged.initialDelayMs) {
    throw new InvalidOptionsError(
      `${path}.maxDelayMs`,
      `${merged.maxDelayMs} is below initialDelayMs ${merged.initialDelayMs}`,
      "Set maxDelayMs >= initialDelayMs.",
    );
  }
  if (!["equal", "decorrelated", "none"].includes(merged.jitter)) {
    throw new InvalidOptionsError(
      `${path}.jitter`,
      `unknown jitter ${String(merged.jitter)}`,
      'Use "equal", "decorrelated" or "none".',
    );
  }
  for (const status of merged.on) {
    if (!Number.isInteger(status) || status < 100 || status > 599) {
      throw new InvalidOptionsError(
        `${path}.on`,
        `${String(status)} is not an HTTP status`,
        "List statuses between 100 and 599.",
      );
    }
  }
  return merged;
}

const DEFAULT_RETRY: ResolvedRetryOptions = {
  ...DEFAULT_RESILIENCE_OPTIONS.retry,
  on: new Set(DEFAULT_RESILIENCE_OPTIONS.retry.on),
};

/**
 * Merges `options` over {@link DEFAULT_RESILIENCE_OPTIONS} and validates every field.
 * @throws InvalidOptionsError naming the option path and the fix.
 */
export function resolveDownstreamOptions(options: DownstreamOptions): ResolvedDownstreamOptions {
  if (typeof options.name !== "string" || options.name.trim() === "") {
    throw new InvalidOptionsError(
      "name",
      "the downstream name is empty",
      "Pass the downstream's name (its specs/<name> folder).",
    );
  }
  const d = DEFAULT_RESILIENCE_OPTIONS;
  const breaker = { ...d.breaker, ...options.breaker };
  checkNumber("breaker.failureRatio", breaker.failureRatio, "ratio");
  checkNumber("breaker.windowSize", breaker.windowSize, "integer>=1");
  checkNumber("breaker.windowMs", breaker.windowMs, "positive");
  checkNumber("breaker.minimumCalls", breaker.minimumCalls, "integer>=1");
  checkNumber("breaker.halfOpenAfterMs", breaker.halfOpenAfterMs, "non-negative");
  if (breaker.minimumCalls > breaker.windowSize) {
    throw new InvalidOptionsError(
      "breaker.minimumCalls",
      `${breaker.minimumCalls} exceeds windowSize ${breaker.windowSize}`,
      "Set minimumCalls <= windowSize.",
    );
  }
  const bulkhead = { ...d.bulkhead, ...options.bulkhead };
  checkNumber("bulkhead.maxConcurrent", bulkhead.maxConcurrent, "integer>=1");
  checkNumber("bulkhead.maxQueue", bulkhead.maxQueue, "integer>=0");
  const retryBudget = { ...d.retryBudget, ...options.retryBudget };
  checkNumber("retryBudget.ratio", retryBudget.ratio, "non-negative");
  checkNumber("retryBudget.windowMs", retryBudget.windowMs, "positive");
  checkNumber("retryBudget.minConcurrentRetries", retryBudget.minConcurrentRetries, "integer>=0");
  return {
    name: options.name,
    secretHeaders: new Set([...ALWAYS_SECRET_HEADERS, ...(options.secretHeaders ?? []).map((h) => h.toLowerCase())]),
    secretQueryParams: new Set(options.secretQueryParams ?? []),
    totalTimeoutMs: checkNumber("totalTimeoutMs", options.totalTimeoutMs ?? d.totalTimeoutMs, "positive"),
    attemptTimeoutMs: checkNumber("attemptTimeoutMs", options.attemptTimeoutMs ?? d.attemptTimeoutMs, "positive"),
    minAttemptTimeMs: checkNumber("minAttemptTimeMs", options.minAttemptTimeMs ?? d.minAttemptTimeMs, "non-negative"),
    maxDecodedBodyBytes: checkNumber(
      "maxDecodedBodyBytes",
      options.maxDecodedBodyBytes ?? d.maxDecodedBodyBytes,
      "integer>=1",
    ),
    retry: resolveRetry(DEFAULT_RETRY, options.retry ?? {}, "retry"),
    breaker,
    bulkhead,
    retryBudget,
    transport: options.transport,
    hooks: options.hooks ?? {},
    deadlineHeader:
      options.deadlineHeader === undefined
        ? d.deadlineHeader
        : options.deadlineHeader === false
          ? false
          : options.deadlineHeader.toLowerCase(),
    requestIdHeader: (options.requestIdHeader ?? d.requestIdHeader).toLowerCase(),
    requestId: options.requestId,
    stream: resolveStreamOptions(DEFAULT_STREAM_OPTIONS, options.stream, "stream"),
  };
}
