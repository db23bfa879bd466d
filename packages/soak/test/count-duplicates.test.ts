import type { LedgerEntry } from "@outbound/testkit";
import { describe, expect, it } from "vitest";
import { countDuplicates } from "../src/internal/count-duplicates.js";

const entry = (idempotencyKey: string | undefined): LedgerEntry =>
  ({ idempotencyKey, requestBody: { body: idempotencyKey } }) as unknown as LedgerEntry;

describe("countDuplicates", () => {
  it.each<[(string | undefined)[], number]>([
    [["a", "b", "c"], 0],
    [["a", "a", "b"], 1],
    [["a", "a", "a"], 2],
    [["a", undefined, undefined], 2],
    [[], 0],
  ])("%j → %i", (keys, expected) => {
    expect(countDuplicates(keys.map(entry), (e) => e.idempotencyKey)).toBe(expected);
  });
});
