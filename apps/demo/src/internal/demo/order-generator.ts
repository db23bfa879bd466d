import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import type { DemoOrder } from "../place-order.js";

const CUSTOMERS: readonly DemoOrder["customer"][] = [
  { id: "cus_8f2k1", name: "Ada Lovelace", email: "ada@example.com" },
  { id: "cus_3k9x2", name: "Grace Hopper", email: "grace@example.com" },
  { id: "cus_5t7q0", name: "Alan Turing", phone: "+441234567890" },
  { id: "cus_1m4z8", name: "Katherine Johnson", email: "katherine@example.com" },
];

/** Deterministic orders: the same seed gives the same sequence of orders. */
export interface OrderGenerator {
  /** The n-th order (0-based) of this run. Call in order. */
  next(): DemoOrder;
}

/** Creates a generator of orders seeded with `seed` (SKUs SKU-1001…SKU-1012, 1–3 items, 5.00–250.00 EUR). */
export function createOrderGenerator(seed: number): OrderGenerator {
  const rng = xoroshiro128plus(seed);
  let n = 0;
  return {
    next() {
      n += 1;
      const count = uniformInt(rng, 1, 3);
      const skus = new Set<number>();
      while (skus.size < count) skus.add(uniformInt(rng, 1001, 1012));
      return {
        orderId: `ord-${seed >>> 0}-${String(n).padStart(5, "0")}`,
        items: [...skus].map((sku) => ({ sku: `SKU-${sku}`, quantity: uniformInt(rng, 1, 3) })),
        amount: uniformInt(rng, 500, 25_000),
        currency: "EUR",
        paymentMethod: "pm_card_visa",
        customer: CUSTOMERS[uniformInt(rng, 0, CUSTOMERS.length - 1)] as DemoOrder["customer"],
      };
    },
  };
}
