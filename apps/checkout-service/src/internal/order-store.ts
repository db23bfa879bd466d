/**
 * Orders this process has placed or is placing, by order id. It makes a repeated `POST /orders` cheap and exact
 * within one process: a retry while the first request is still running joins it, and a retry after a confirmation
 * gets the same confirmation without touching any downstream (so the confirmation message is not sent twice).
 * Across processes the derived keys (reservation id, payment Idempotency-Key) keep the downstreams exact.
 *
 * Bounded: the oldest settled or uncertain entries are evicted past `maxEntries`.
 */
export interface OrderStore<T> {
  /** The entry of `orderId`, if this process knows it. */
  get(orderId: string): OrderEntry<T> | undefined;
  /** Records a placement in progress; `fingerprint` identifies the order's content. */
  begin(orderId: string, fingerprint: string, outcome: Promise<T>): void;
  /** Records a settled placement worth replaying (a confirmation). */
  settle(orderId: string, fingerprint: string, value: T): void;
  /**
   * Records a failed placement after which a charge may exist (its outcome was unknown), so that a retry of the
   * same order never releases the reservation the possible charge paid for.
   */
  markUncertain(orderId: string, fingerprint: string): void;
  /** Forgets an order whose placement failed, so the caller's retry runs it again. */
  forget(orderId: string): void;
  /** Entries held now. */
  readonly size: number;
}

/** What the store knows of one order. */
export type OrderEntry<T> =
  | { readonly state: "in-progress"; readonly fingerprint: string; readonly outcome: Promise<T> }
  | { readonly state: "settled"; readonly fingerprint: string; readonly value: T }
  | { readonly state: "uncertain"; readonly fingerprint: string };

/**
 * Creates an in-memory {@link OrderStore}.
 * @param maxEntries settled entries kept at most; must be a positive integer
 * @throws RangeError when `maxEntries` is not a positive integer
 */
export function createOrderStore<T>(maxEntries: number): OrderStore<T> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) {
    throw new RangeError(`orderStoreMaxEntries must be a positive integer, got ${maxEntries}`);
  }
  // A Map iterates in insertion order, so re-inserting on settle keeps the oldest entries first for eviction.
  const entries = new Map<string, OrderEntry<T>>();
  const evict = (): void => {
    for (const [orderId, entry] of entries) {
      if (entries.size <= maxEntries) return;
      if (entry.state !== "in-progress") entries.delete(orderId);
    }
  };
  return {
    get: (orderId) => entries.get(orderId),
    begin(orderId, fingerprint, outcome) {
      entries.delete(orderId);
      entries.set(orderId, { state: "in-progress", fingerprint, outcome });
    },
    settle(orderId, fingerprint, value) {
      entries.delete(orderId);
      entries.set(orderId, { state: "settled", fingerprint, value });
      evict();
    },
    markUncertain(orderId, fingerprint) {
      entries.delete(orderId);
      entries.set(orderId, { state: "uncertain", fingerprint });
      evict();
    },
    forget(orderId) {
      entries.delete(orderId);
    },
    get size() {
      return entries.size;
    },
  };
}
