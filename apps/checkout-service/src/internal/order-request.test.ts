import { describe, expect, it } from "vitest";
import { orderFingerprint, parseOrderRequest } from "./order-request.js";

const valid = {
  orderId: "ord-1001",
  items: [{ sku: "SKU-1001", quantity: 2 }],
  amount: 2598,
  currency: "EUR",
  paymentMethod: "pm_card_visa",
  customer: { id: "cus_8f2k1", name: "Ada", email: "ada@example.com" },
};

describe("parseOrderRequest", () => {
  it("accepts a valid order unchanged", () => {
    expect(parseOrderRequest(valid)).toEqual({ ok: true, order: valid });
  });

  it.each([
    ["a missing order id", { ...valid, orderId: undefined }, "/orderId"],
    ["an order id with a slash", { ...valid, orderId: "a/b" }, "/orderId"],
    ["an order id of 65 characters", { ...valid, orderId: "a".repeat(65) }, "/orderId"],
    ["no items", { ...valid, items: [] }, "/items"],
    ["a SKU in another format", { ...valid, items: [{ sku: "RED-MUG", quantity: 1 }] }, "/items/0/sku"],
    ["a zero quantity", { ...valid, items: [{ sku: "SKU-1001", quantity: 0 }] }, "/items/0/quantity"],
    ["a fractional quantity", { ...valid, items: [{ sku: "SKU-1001", quantity: 1.5 }] }, "/items/0/quantity"],
    ["a lower-case currency", { ...valid, currency: "eur" }, "/currency"],
    ["a negative amount", { ...valid, amount: -1 }, "/amount"],
    ["an unknown field", { ...valid, coupon: "FREE" }, ""],
    ["a customer without email or phone", { ...valid, customer: { id: "cus_1", name: "Ada" } }, "/customer"],
    ["a customer without id", { ...valid, customer: { email: "ada@example.com" } }, "/customer/id"],
    ["a phone that is not E.164", { ...valid, customer: { id: "cus_1", phone: "0155 555" } }, "/customer/phone"],
  ])("refuses %s, naming %j", (_name, body, pointer) => {
    const result = parseOrderRequest(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.pointer)).toContain(pointer);
  });

  it("refuses a body that is not an object", () => {
    expect(parseOrderRequest("order")).toMatchObject({ ok: false, errors: [{ pointer: "" }] });
  });
});

describe("orderFingerprint", () => {
  it("ignores the order of items and tells a different amount apart", () => {
    const two = {
      ...valid,
      items: [
        { sku: "SKU-2002", quantity: 1 },
        { sku: "SKU-1001", quantity: 3 },
      ],
    };
    const swapped = {
      ...two,
      items: [
        { sku: "SKU-1001", quantity: 3 },
        { sku: "SKU-2002", quantity: 1 },
      ],
    };
    expect(orderFingerprint(two)).toBe(orderFingerprint(swapped));
    expect(orderFingerprint({ ...two, amount: 1 })).not.toBe(orderFingerprint(two));
  });
});
