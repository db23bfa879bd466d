import type { OperationClass, RetryPolicy } from "./internal/contract-types.js";
import { formatLocation, GenerationError } from "./internal/generation-error.js";
import type { ResolvedPolicy } from "./resolve-policy.js";

/** The operation being checked, as named in messages. */
export interface EnforceInput {
  /** `operationId (METHOD /path)`. */
  readonly label: string;
  readonly class: OperationClass;
  readonly resolved: ResolvedPolicy;
}

/**
 * Applies the retry rule (only an operation that may be sent twice is retried) and returns the retry policy to emit:
 * - an `unsafe` operation that asks for retries itself (operation-level `x-outbound.retry` in spec or overlay, or
 *   its `outbound.config.yaml` entry) fails generation, unless it asks for `maxAttempts: 1`;
 * - a `retry` inherited from the root, a path item or config `defaults` is a default for retryable operations
 *   and is not applied to `unsafe` ones.
 * @throws GenerationError `RETRY_ON_UNSAFE` naming the operation, where the retry is written, and both fixes.
 */
export function enforceRetryRules(input: EnforceInput): RetryPolicy | undefined {
  const retry = input.resolved.policy.retry;
  if (retry === undefined || input.class !== "unsafe") return retry;
  const layer = input.resolved.origin.retry;
  const own = layer?.level === "operation" || layer?.level === "config operation";
  if (!own) return undefined;
  if (retry.maxAttempts === 1) return retry;
  throw new GenerationError(
    "RETRY_ON_UNSAFE",
    `Operation ${input.label} is unsafe (not idempotent, no idempotency key), but ${layer ? formatLocation(layer.where()) : "its policy"} asks to retry it; a retry could repeat its side effect (a second charge, a second message).`,
    "if the downstream honours an idempotency key for it, declare it (a header parameter named `Idempotency-Key`, or `x-outbound: { idempotencyKey: <header> }`); if the operation truly is idempotent, mark it `x-outbound: { idempotent: true }`; otherwise remove `retry` (or set `maxAttempts: 1`).",
    layer?.where(),
  );
}
