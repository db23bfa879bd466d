import type { IdempotentCallOptions } from "@outbound/resilience";
import { describe, expectTypeOf, it } from "vitest";
import { type InventoryClient, operations } from "../src/index.js";

declare const inventory: InventoryClient;

describe("@outbound/inventory surface", () => {
  it("reserve (PUT), release (DELETE) and stock (GET) are idempotent (RFC 9110 §9.2.2)", () => {
    expectTypeOf(inventory.reserveStock).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    expectTypeOf(inventory.releaseReservation).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    expectTypeOf(inventory.getStock).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    expectTypeOf(operations.reserveStock.method).toEqualTypeOf<"PUT">();
    // @ts-expect-error the reservation id is required
    void inventory.releaseReservation();
  });
});
