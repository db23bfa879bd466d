/**
 * The parts of the @outbound/resilience contract (packages/resilience/src/operation.ts) the generator writes
 * into operations.gen.ts. Mirrored here so the generator needs no runtime package; the generated code is
 * type-checked against @outbound/resilience itself (`satisfies OperationMeta`) in this package's tests.
 */

/** Upper-case HTTP method. */
export type HttpMethod = "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE";

/** Safety class of an operation: see classify-operation.ts. */
export type OperationClass = "idempotent" | "keyed" | "unsafe";

/** `x-outbound.retry`. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). 1–10. */
  readonly maxAttempts?: number;
  /** First backoff delay in ms. */
  readonly initialDelayMs?: number;
  /** Upper bound of a backoff delay in ms. */
  readonly maxDelayMs?: number;
  /** HTTP statuses retried, replacing the runtime's default list. */
  readonly on?: readonly number[];
}

/** `x-outbound.timeout`. */
export interface TimeoutPolicy {
  /** Per-attempt timeout in ms. */
  readonly attemptMs?: number;
  /** Deadline of the whole call in ms. */
  readonly totalMs?: number;
}
