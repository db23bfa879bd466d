import { describe, expect, it } from "vitest";
import { convertOpenApi30Schemas } from "./openapi30-to-json-schema.js";

function convert(schema: Record<string, unknown>): unknown {
  const document = { openapi: "3.0.3", components: { schemas: { S: schema } } };
  convertOpenApi30Schemas(document);
  return document.components.schemas.S;
}

describe("convertOpenApi30Schemas", () => {
  it.each([
    ["nullable string", { type: "string", nullable: true }, { type: ["string", "null"] }],
    [
      "nullable enum gains null",
      { type: "string", enum: ["a", "b"], nullable: true },
      { type: ["string", "null"], enum: ["a", "b", null] },
    ],
    [
      "nullable enum keeps a listed null once",
      { type: "string", enum: ["a", null], nullable: true },
      { type: ["string", "null"], enum: ["a", null] },
    ],
    [
      "nullable: false is dropped untouched",
      { type: "integer", nullable: false },
      { type: "integer", nullable: false },
    ],
    [
      "typeless nullable wraps in anyOf",
      { allOf: [{ $ref: "#/components/schemas/T" }], nullable: true },
      { anyOf: [{ allOf: [{ $ref: "#/components/schemas/T" }] }, { type: "null" }] },
    ],
    [
      "exclusiveMinimum: true",
      { type: "number", minimum: 0, exclusiveMinimum: true },
      { type: "number", exclusiveMinimum: 0 },
    ],
    [
      "exclusiveMaximum: false",
      { type: "number", maximum: 9, exclusiveMaximum: false },
      { type: "number", maximum: 9 },
    ],
  ])("%s", (_name, input, expected) => {
    expect(convert(input)).toEqual(expected);
  });

  it("converts nested schemas, but neither example data nor property names", () => {
    const schema = {
      type: "object",
      properties: {
        nullable: { type: "string", nullable: true },
        child: { type: "array", items: { type: "integer", nullable: true } },
      },
      example: { nullable: true, child: [{ nullable: true }] },
    };
    expect(convert(schema)).toEqual({
      type: "object",
      properties: {
        nullable: { type: ["string", "null"] },
        child: { type: "array", items: { type: ["integer", "null"] } },
      },
      example: { nullable: true, child: [{ nullable: true }] },
    });
  });
});
