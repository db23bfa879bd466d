import { describe, expect, it } from "vitest";
import { findRefCycle } from "./ref-cycles.js";

const doc = (schemas: Record<string, unknown>) => ({ components: { schemas } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("findRefCycle: schemas defined only in terms of themselves", () => {
  it.each([
    ["a property refers back (a recursive type)", { A: { type: "object", properties: { a: ref("A") } } }, undefined],
    ["items refer back", { A: { type: "array", items: ref("A") } }, undefined],
    ["a chain that ends in a schema", { A: ref("B"), B: ref("C"), C: { type: "string" } }, undefined],
    [
      "oneOf of a recursive object",
      { A: { oneOf: [ref("B"), { type: "string" }] }, B: { properties: { a: ref("A") } } },
      undefined,
    ],
    ["a dangling $ref (reported elsewhere)", { A: ref("Nope") }, undefined],
    ["A → A", { A: ref("A") }, ["/components/schemas/A", "/components/schemas/A"]],
    [
      "A → B → A",
      { A: ref("B"), B: ref("A") },
      ["/components/schemas/B", "/components/schemas/A", "/components/schemas/B"],
    ],
    [
      "allOf of itself",
      { D: { allOf: [ref("D")] } },
      ["/components/schemas/D", "/components/schemas/D/allOf/0", "/components/schemas/D"],
    ],
  ])("%s", (_, schemas, expected) => {
    expect(findRefCycle(doc(schemas))).toEqual(expected);
  });

  it("visits shared objects (YAML aliases) once: a 30-level alias pyramid is linear, not 2^30", () => {
    let node: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 30; i++) node = { allOf: [node, node] };
    expect(findRefCycle(doc({ Pyramid: node }))).toBeUndefined();
  });
});
