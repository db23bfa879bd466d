import type { RetryPolicy, TimeoutPolicy } from "./internal/contract-types.js";

/**
 * The `x-outbound` extension (root, path item or operation level), and one entry of `outbound.config.yaml`.
 * Every key is optional; per key, the nearest level that sets it wins.
 */
export interface OutboundPolicy {
  /** `true` marks a POST/PATCH that truly is idempotent; `false` marks a GET/PUT/DELETE that is not. */
  readonly idempotent?: boolean;
  /** Name of the header that carries the idempotency key (e.g. `Idempotency-Key`); makes the operation `keyed`. */
  readonly idempotencyKey?: string;
  /** Retry policy; not allowed on an `unsafe` operation. */
  readonly retry?: RetryPolicy;
  /** Timeout policy. */
  readonly timeout?: TimeoutPolicy;
}

/** Keys of {@link OutboundPolicy}, in the order they are documented and emitted. */
export const OUTBOUND_POLICY_KEYS = ["idempotent", "idempotencyKey", "retry", "timeout"] as const;
