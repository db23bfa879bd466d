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
 * Resolves the policy of one call. A `retry` call option on an `unsafe` operation (only possible by bypassing the
 * types) is ignored, except `false`, which turns even before-send retries off.
 * @throws InvalidOptionsError for invalid call options.
 */
export function resolveCallPolicy(
  resolved: ResolvedDownstreamOptions,
  operation: OperationMeta,
  options: AnyCallOptions | undefined,
): CallPolicy {
  const operationClass = effectiveClass(operation);
  let retry = resolveRetry(resolved.retry, operation.retry, `operations.${operation.operationId}.retry`);
  const callRetry = options?.retry;
  if (callRetry === false) retry = { ...retry, maxAttempts: 1 };
  else if (callRetry !== undefined && operationClass !== "unsafe")
    retry = resolveRetry(retry, callRetry, "callOptions.retry");
  const totalTimeoutMs = options?.totalTimeoutMs ?? operation.timeout?.totalMs ?? resolved.totalTimeoutMs;
  const attemptTimeoutMs = options?.attemptTimeoutMs ?? operation.timeout?.attemptMs ?? resolved.attemptTimeoutMs;
  return {
    operationClass,
    totalTimeoutMs: checkNumber("totalTimeoutMs", totalTimeoutMs, "positive"),
    attemptTimeoutMs: checkNumber("attemptTimeoutMs", attemptTimeoutMs, "positive"),
    maxDecodedBodyBytes:
      options?.maxDecodedBodyBytes === undefined
        ? resolved.maxDecodedBodyBytes
        : checkNumber("callOptions.maxDecodedBodyBytes", options.maxDecodedBodyBytes, "integer>=1"),
    retry,
    stream: resolveStreamOptions(resolved.stream, options?.stream, "callOptions.stream"),
    streamReconnect: reconnectOf(options),
  };
}
