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
  /** How a list operation pages; operation level (or a config operation) only. See pagination-schema.ts. */
  readonly pagination?: PaginationDeclaration;
}

/** `x-outbound.pagination` as written: a preset, or a kind and its keys (a preset's keys can be overridden). */
export interface PaginationDeclaration {
  readonly preset?: "stripe" | "github" | "offset-limit";
  readonly kind?: "cursor" | "offset" | "page" | "nextUrl" | "link";
  readonly items?: string;
  readonly cursorParam?: string;
  readonly nextCursor?: { readonly field?: string; readonly header?: string; readonly lastItem?: string };
  readonly hasMore?: string;
  readonly offsetParam?: string;
  readonly limitParam?: string;
  readonly total?: string;
  readonly pageParam?: string;
  readonly firstPage?: number;
  readonly totalPages?: string;
  readonly nextUrl?: string;
}

/** Keys of {@link OutboundPolicy}, in the order they are documented and emitted. */
export const OUTBOUND_POLICY_KEYS = ["idempotent", "idempotencyKey", "retry", "timeout", "pagination"] as const;
