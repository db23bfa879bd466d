import type { AnyCallOptions } from "../call-options.js";
import type { OperationClass, OperationMeta } from "../operation.js";
import { type ResolvedStreamOptions, resolveStreamOptions } from "../stream/stream-options.js";
import { reconnectOf } from "../stream/stream-reconnect.js";
import {
  checkNumber,
  type ResolvedDownstreamOptions,
  type ResolvedRetryOptions,
  resolveRetry,
} from "./resolve-options.js";

/** The policy of one logical call: call options over the operation's generated policy over client options. */
export interface CallPolicy {
  /** Class after the runtime re-check: `keyed` without an idempotency header is treated as `unsafe`. */
  readonly operationClass: OperationClass;
  readonly totalTimeoutMs: number;
  readonly attemptTimeoutMs: number;
  /** Decoded response bytes an attempt reads at most. */
  readonly maxDecodedBodyBytes: number;
  readonly retry: ResolvedRetryOptions;
  /** Deadlines and limits of a streamed answer: call options over client options. */
  readonly stream: ResolvedStreamOptions;
  /** Which reconnect of a resumed stream this call is (0: not one). */
  readonly streamReconnect: number;
}

/** The class the runtime enforces, whatever the caller's types said (defence in depth). */
export function effectiveClass(operation: OperationMeta): OperationClass {
  if (operation.class === "keyed" && (operation.idempotencyHeader === undefined || operation.idempotencyHeader === ""))
    return "unsafe";
  return operation.class;
}

/**
 * The policy of `operation` before any call option: its generated policy (`retry`, `timeout`) over the client's
 * options. Made once per operation, when its downstream is created (see `CompiledOperation.policy`).
 * @throws InvalidOptionsError for an invalid generated policy, named by its path (`operations.<operationId>.retry`).
 */
export function operationPolicy(resolved: ResolvedDownstreamOptions, operation: OperationMeta): CallPolicy {
  const totalTimeoutMs = operation.timeout?.totalMs ?? resolved.totalTimeoutMs;
  const attemptTimeoutMs = operation.timeout?.attemptMs ?? resolved.attemptTimeoutMs;
  return {
    operationClass: effectiveClass(operation),
    totalTimeoutMs: checkNumber(`operations.${operation.operationId}.timeout.totalMs`, totalTimeoutMs, "positive"),
    attemptTimeoutMs: checkNumber(
      `operations.${operation.operationId}.timeout.attemptMs`,
      attemptTimeoutMs,
      "positive",
    ),
    maxDecodedBodyBytes: resolved.maxDecodedBodyBytes,
    retry: resolveRetry(resolved.retry, operation.retry, `operations.${operation.operationId}.retry`),
    stream: resolved.stream,
    streamReconnect: 0,
  };
}

/**
 * Resolves the policy of one call: the call options over `base` (the operation's {@link operationPolicy}). A call
 * that sets none of them gets `base` itself. A `retry` call option on an `unsafe` operation (only possible by
 * bypassing the types) is ignored, except `false`, which turns even before-send retries off.
 * @throws InvalidOptionsError for invalid call options.
 */
export function resolveCallPolicy(base: CallPolicy, options: AnyCallOptions | undefined): CallPolicy {
  if (options === undefined) return base;
  const { retry: callRetry, maxDecodedBodyBytes, stream } = options;
  // `null` timeouts take the next level, as `??` did (and as the client options treat them).
  const totalTimeoutMs = options.totalTimeoutMs ?? undefined;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? undefined;
  const streamReconnect = reconnectOf(options);
  if (
    callRetry === undefined &&
    totalTimeoutMs === undefined &&
    attemptTimeoutMs === undefined &&
    maxDecodedBodyBytes === undefined &&
    stream === undefined &&
    streamReconnect === 0
  )
    return base;
  let retry = base.retry;
  if (callRetry === false) retry = { ...retry, maxAttempts: 1 };
  else if (callRetry !== undefined && base.operationClass !== "unsafe")
    retry = resolveRetry(retry, callRetry, "callOptions.retry");
  return {
    operationClass: base.operationClass,
    totalTimeoutMs:
      totalTimeoutMs === undefined ? base.totalTimeoutMs : checkNumber("totalTimeoutMs", totalTimeoutMs, "positive"),
    attemptTimeoutMs:
      attemptTimeoutMs === undefined
        ? base.attemptTimeoutMs
        : checkNumber("attemptTimeoutMs", attemptTimeoutMs, "positive"),
    maxDecodedBodyBytes:
      maxDecodedBodyBytes === undefined
        ? base.maxDecodedBodyBytes
        : checkNumber("callOptions.maxDecodedBodyBytes", maxDecodedBodyBytes, "integer>=1"),
    retry,
    stream: resolveStreamOptions(base.stream, stream, "callOptions.stream"),
    streamReconnect,
  };
}
