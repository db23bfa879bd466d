import { describe, expect, it } from "vitest";
import { widenIndexSignatures } from "./widen-index-signatures.js";

const ledger = () => ({
  type: "object",
  properties: { summary: { type: "object" } },
  additionalProperties: { type: "array", items: { type: "string" } },
});

describe("widenIndexSignatures: declared properties plus a typed additionalProperties", () => {
  it("widens the index type to admit the declared property types", () => {
    const document = { components: { schemas: { Ledger: ledger() } } };
    expect(widenIndexSignatures(document)).toBe(1);
    expect(document.components.schemas.Ledger.additionalProperties).toEqual({
      anyOf: [{ type: "array", items: { type: "string" } }, { type: "object" }],
    });
  });

  it("leaves alone: no declared properties, boolean or empty additionalProperties, and data under example/default", () => {
    const untouched = {
      components: {
        schemas: {
          Map: { type: "object", additionalProperties: { type: "string" } },
          Open: { type: "object", properties: { a: { type: "string" } }, additionalProperties: true },
          Empty: { type: "object", properties: { a: { type: "string" } }, additionalProperties: {} },
          WithExample: { type: "object", example: ledger(), default: ledger() },
        },
      },
    };
    const before = JSON.stringify(untouched);
    expect(widenIndexSignatures(untouched)).toBe(0);
    expect(JSON.stringify(untouched)).toBe(before);
  });

  it("walks into properties whose names are keywords elsewhere (default, example, enum)", () => {
    const document = {
      components: {
        schemas: { Holder: { type: "object", properties: { default: ledger(), example: ledger(), enum: ledger() } } },
      },
    };
    expect(widenIndexSignatures(document)).toBe(3);
  });
});
