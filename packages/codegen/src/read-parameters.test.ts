import { describe, expect, it } from "vitest";
import { isGenerationError } from "./internal/generation-error.js";
import { readParameters } from "./read-parameters.js";
import type { WalkedParameter } from "./walk-paths.js";

const where = () => ({ file: "openapi.yaml", pointer: "/paths/~1s/get" });
const walked = (parameters: readonly Record<string, unknown>[]): WalkedParameter[] =>
  parameters.map((parameter, i) => ({
    parameter,
    pointer: `/paths/~1s/get/parameters/${i}`,
    resolvedPointer: `/paths/~1s/get/parameters/${i}`,
    level: "operation",
  }));
const q = (extra: Record<string, unknown>) => ({ name: "p", in: "query", schema: { type: "array" }, ...extra });
const serialization = (parameter: Record<string, unknown>) =>
  readParameters(walked([parameter]), "`op`", where)[0]?.serialization;

describe("readParameters: the spec's effective style per parameter (OpenAPI 3.1 §4.8.12.4)", () => {
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
  ])("query %j → %j", (extra, expected) => {
    expect(serialization(q(extra))).toEqual({
      kind: "style",
      ...expected,
      schemaPointer: "/paths/~1s/get/parameters/0/schema",
    });
  });

  it.each([
    [
      { name: "id", in: "path", schema: {} },
      { style: "simple", explode: false },
    ],
    [
      { name: "id", in: "path", style: "matrix", explode: true, schema: {} },
      { style: "matrix", explode: true },
    ],
    [
      { name: "X-H", in: "header", schema: {} },
      { style: "simple", explode: false },
    ],
    [
      { name: "c", in: "cookie", schema: {} },
      { style: "form", explode: true },
    ],
    [
      { name: "c", in: "cookie", explode: false, allowReserved: true, schema: {} },
      { style: "form", explode: false },
    ],
  ])("%j → %j, allowReserved false outside query", (parameter, expected) => {
    expect(serialization(parameter)).toEqual({
      kind: "style",
      ...expected,
      allowReserved: false,
      schemaPointer: "/paths/~1s/get/parameters/0/schema",
    });
  });

  it("describes a `content` parameter by its media type and schema pointer; a path parameter is always required", () => {
    const [json, id] = readParameters(
      walked([
        { name: "filter", in: "query", content: { "application/json": { schema: { type: "object" } } } },
        { name: "id", in: "path", schema: { type: "string" } },
      ]),
      "`op`",
      where,
    );
    expect([json?.serialization, json?.required, id?.required]).toEqual([
      {
        kind: "content",
        mediaType: "application/json",
        schemaPointer: "/paths/~1s/get/parameters/0/content/application~1json/schema",
      },
      false,
      true,
    ]);
  });

  it.each([
    [[q({ style: "matrix" })], '`op`, query parameter "p": `style: "matrix"` is not a query style.'],
    [[q({ explode: "yes" })], '`op`, query parameter "p": `explode` must be true or false.'],
    [[q({}), q({ style: "form" })], '`op`, query parameter "p": it is declared twice.'],
    [
      [{ name: "id", in: "path", style: "form", schema: {} }],
      '`op`, path parameter "id": `style: "form"` is not a path style.',
    ],
  ])("refuses %j with SPEC_INVALID at the operation", (parameters, problem) => {
    let caught: unknown;
    try {
      readParameters(walked(parameters), "`op`", where);
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
