import { describe, expect, it } from "vitest";
import { declaredProperties, requiredProperties, sampleFromSchema } from "./sample-from-schema.js";

const document = {
  components: {
    schemas: {
      Node: { type: "object", properties: { name: { type: "string" }, child: { $ref: "#/components/schemas/Node" } } },
      Base: { type: "object", required: ["id"], properties: { id: { type: "string", format: "uuid" } } },
      Named: {
        allOf: [
          { $ref: "#/components/schemas/Base" },
          { type: "object", required: ["name"], properties: { name: { type: "string", minLength: 6 } } },
        ],
      },
    },
  },
};

describe("sampleFromSchema", () => {
  it.each([
    ["const wins", { const: 3, example: 4 }, 3],
    ["schema examples (3.1)", { type: "string", examples: ["a", "b"] }, "a"],
    ["example (3.0)", { type: "integer", example: 7 }, 7],
    ["default", { type: "integer", default: 5 }, 5],
    ["first non-null enum value", { enum: [null, "x", "y"] }, "x"],
    ["date-time format", { type: "string", format: "date-time" }, "2026-01-01T00:00:00Z"],
    ["minLength padding", { type: "string", minLength: 8 }, "stringxx"],
    ["maxLength cut", { type: "string", maxLength: 3 }, "str"],
    ["integer minimum", { type: "integer", minimum: 10 }, 10],
    ["exclusiveMinimum", { type: "integer", exclusiveMinimum: 10 }, 11],
    ["negative maximum", { type: "number", maximum: -2 }, -2],
    ["nullable type array picks the non-null type", { type: ["null", "boolean"] }, true],
    ["array with minItems", { type: "array", minItems: 2, items: { type: "integer" } }, [0, 0]],
    [
      "oneOf takes the first non-null option",
      { oneOf: [{ type: "null" }, { type: "string", format: "email" }] },
      "user@example.com",
    ],
    [
      "allOf merges",
      { $ref: "#/components/schemas/Named" },
      { id: "00000000-0000-4000-8000-000000000000", name: "string" },
    ],
    ["a $ref is not followed inside itself", { $ref: "#/components/schemas/Node" }, { name: "string" }],
    ["no type and no hints", {}, undefined],
  ])("%s", (_name, schema, expected) => {
    expect(sampleFromSchema(document, schema)).toEqual(expected);
  });

  it("reads declared and required properties through $ref and allOf", () => {
    const named = { $ref: "#/components/schemas/Named" };
    expect([...declaredProperties(document, named)]).toEqual(["id", "name"]);
    expect([...requiredProperties(document, named)]).toEqual(["id", "name"]);
  });
});
