import { describe, expect, it } from "vitest";
import { createOperationMatcher } from "../../src/internal/match-operation.js";
import { op } from "../support/operations.js";

const operations = [
  op("getCharge", "GET", "/charges/{id}", "idempotent"),
  op("listRefunds", "GET", "/charges/{id}/refunds", "idempotent"),
  op("getLatest", "GET", "/charges/latest", "idempotent"),
  op("createCharge", "POST", "/charges", "keyed"),
];
const match = createOperationMatcher(operations);

describe("createOperationMatcher", () => {
  it.each([
    ["GET", "https://api.test/charges/ch_1", "getCharge"],
    ["GET", "https://api.test/v1/charges/ch_1", "getCharge"],
    ["get", "https://api.test/charges/latest", "getLatest"],
    ["GET", "https://api.test/charges/ch%2F1/refunds", "listRefunds"],
    ["POST", "https://api.test/v1/charges?x=1", "createCharge"],
    ["DELETE", "https://api.test/charges/ch_1", "DELETE /charges/ch_1"],
    ["PATCH", "https://api.test/charges/ch_1", "PATCH /charges/ch_1"],
  ])("%s %s → %s", (method, url, operationId) => {
    expect(match(method, new URL(url)).operationId).toBe(operationId);
  });

  it("classes an unmatched request by its method (RFC 9110 §9.2.2)", () => {
    expect(match("DELETE", new URL("https://api.test/x")).class).toBe("idempotent");
    expect(match("PATCH", new URL("https://api.test/x")).class).toBe("unsafe");
    expect(match("POST", new URL("https://api.test/x")).class).toBe("unsafe");
  });
});
