import type { LedgerEntry } from "@outbound/testkit";

/**
 * Side effects beyond the first per logical call. `identify` names the logical call an entry belongs to (its
 * Idempotency-Key for a keyed operation, a marker in the body for an unsafe one); entries it cannot identify are
 * counted as duplicates, so a lost marker cannot hide one.
 */
export function countDuplicates(
  entries: readonly LedgerEntry[],
  identify: (entry: LedgerEntry) => string | undefined,
): number {
  const seen = new Set<string>();
  let duplicates = 0;
  for (const entry of entries) {
    const id = identify(entry);
    if (id === undefined || seen.has(id)) duplicates += 1;
    else seen.add(id);
  }
  return duplicates;
}
