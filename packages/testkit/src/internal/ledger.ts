import type { LedgerEntry, SideEffectLedger } from "../side-effect-ledger.js";

/** The in-memory {@link SideEffectLedger} of one server. */
export class Ledger implements SideEffectLedger {
  readonly #entries: LedgerEntry[] = [];

  get entries(): readonly LedgerEntry[] {
    return this.#entries;
  }

  record(entry: Omit<LedgerEntry, "seq">): LedgerEntry {
    const full = { seq: this.#entries.length + 1, ...entry };
    this.#entries.push(full);
    return full;
  }

  byOperation(operation: string): LedgerEntry[] {
    return this.#entries.filter((e) => e.operationId === operation || e.route === operation);
  }

  byIdempotencyKey(key: string): LedgerEntry[] {
    return this.#entries.filter((e) => e.idempotencyKey === key);
  }

  count(operation?: string): number {
    return operation === undefined ? this.#entries.length : this.byOperation(operation).length;
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
