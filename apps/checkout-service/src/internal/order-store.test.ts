import { describe, expect, it } from "vitest";
import { createOrderStore } from "./order-store.js";

describe("createOrderStore", () => {
  it("evicts the oldest settled entries past its bound and keeps in-progress ones", () => {
    const store = createOrderStore<string>(2);
    const pending = Promise.resolve("later");
    store.begin("a", "fa", pending);
    store.settle("b", "fb", "B");
    store.settle("c", "fc", "C");
    store.settle("d", "fd", "D");
    expect(store.size).toBe(2);
    expect(store.get("a")).toEqual({ state: "in-progress", fingerprint: "fa", outcome: pending });
    expect(store.get("b")).toBeUndefined();
    expect(store.get("c")).toBeUndefined();
    expect(store.get("d")).toEqual({ state: "settled", fingerprint: "fd", value: "D" });
  });

  it("forgets an order so it can be placed again", () => {
    const store = createOrderStore<string>(10);
    store.begin("a", "fa", Promise.resolve("A"));
    store.forget("a");
    expect(store.get("a")).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a bound of %s at construction", (bound) => {
    expect(() => createOrderStore(bound)).toThrow(/orderStoreMaxEntries must be a positive integer/);
  });
});
