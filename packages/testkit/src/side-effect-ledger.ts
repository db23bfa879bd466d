/** One side effect the server committed: an unsafe-method operation (POST, PUT, PATCH, DELETE) that succeeded. */
export interface LedgerEntry {
  /** 1-based commit number across the server. */
  readonly seq: number;
  readonly operationId: string | undefined;
  /** `METHOD /template`. */
  readonly route: string;
  readonly method: string;
  /** The concrete request path. */
  readonly path: string;
  /** The Idempotency-Key sent with the request that committed it, if any. */
  readonly idempotencyKey: string | undefined;
  /** `seq` of the recorded request that committed it. */
  readonly requestSeq: number;
  /** The status of the committed result (what a replay returns), even when a fault delivered something else. */
  readonly status: number;
  /** The resource created, replaced, updated or deleted, e.g. `/charges/ch_000001`. */
  readonly resourcePath: string | undefined;
  /** The parsed JSON request body. */
  readonly requestBody: unknown;
  /** The parsed JSON body of the committed result. */
  readonly responseBody: unknown;
  /** `performance.now()` ms at commit. */
  readonly committedAt: number;
}

/** The server's record of side effects; a replayed Idempotency-Key adds no entry. */
export interface SideEffectLedger {
  /** Every entry in commit order (a live view). */
  readonly entries: readonly LedgerEntry[];
  /** Entries of one operation, by operationId or `METHOD /template`. */
  byOperation(operation: string): LedgerEntry[];
  /** Entries committed by requests carrying this Idempotency-Key. */
  byIdempotencyKey(key: string): LedgerEntry[];
  /** Number of entries, of one operation when given (operationId or `METHOD /template`). */
  count(operation?: string): number;
}
