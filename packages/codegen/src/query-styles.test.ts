import { describe, expect, it } from "vitest";
import { isGenerationError } from "./internal/generation-error.js";
import { queryStylesOf } from "./query-styles.js";

const where = () => ({ file: "openapi.yaml", pointer: "/paths/~1s/get" });
const q = (extra: Record<string, unknown>) => ({ name: "p", in: "query", schema: { type: "array" }, ...extra });

describe("queryStylesOf: the spec's effective style per query parameter (OpenAPI 3.1 §4.8.12.4)", () => {
  it.each([
    [{}, { style: "form", explode: true, allowReserved: false }],
    [{ explode: false }, { style: "form", explode: false, allowReserved: false }],
    [{ style: "pipeDelimited" }, { style: "pipeDelimited", explode: false, allowReserved: false }],
    [
      { style: "spaceDelimited", explode: true },
      { style: "spaceDelimited", explode: true, allowReserved: false },
    ],
    [
      { style: "deepObject", explode: true },
      { style: "deepObject", explode: true, allowReserved: false },
    ],
    [{ allowReserved: true }, { style: "form", explode: true, allowReserved: true }],
  ])("%j → %j", (extra, expected) => {
    expect(queryStylesOf([q(extra)], "`op`", where)).toEqual([{ name: "p", ...expected }]);
  });

  it("leaves out path, header and `content` parameters", () => {
    const parameters = [
      { name: "id", in: "path", schema: {} },
      { name: "h", in: "header", schema: {} },
      { name: "json", in: "query", content: { "application/json": {} } },
    ];
    expect(queryStylesOf(parameters, "`op`", where)).toEqual([]);
  });

  it.each([
    [[q({ style: "matrix" })], '`op`, query parameter "p": `style: "matrix"` is not a query style.'],
    [[q({ explode: "yes" })], '`op`, query parameter "p": `explode` must be true or false.'],
    [[q({}), q({ style: "form" })], '`op`, query parameter "p": it is declared twice.'],
  ])("refuses %j with SPEC_INVALID at the operation", (parameters, problem) => {
    let caught: unknown;
    try {
      queryStylesOf(parameters, "`op`", where);
    } catch (error) {
      caught = error;
    }
    expect(
      isGenerationError(caught) && [
        caught.code,
        caught.message.startsWith(`openapi.yaml (at #/paths/~1s/get): ${problem}`),
      ],
    ).toEqual(["SPEC_INVALID", true]);
  });
});
