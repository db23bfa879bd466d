import { describe, expect, it } from "vitest";
import { emitEnums, memberNames } from "./emit-enums.js";

describe("memberNames: identifier values keep their names, others are derived", () => {
  const cases: [string, (string | number | boolean)[], string[]][] = [
    ["identifier values keep their name", ["active", "IN", "$"], ["active", "IN", "$"]],
    ["operators are spelled out", ["=", "!=", "<=", "!~", "*"], ["eq", "not_eq", "lt_eq", "not_tilde", "star"]],
    ["separators become _, identifiers claim first", ["a-b", "a_b", "a b", "a.b"], ["a_b_2", "a_b", "a_b_3", "a_b_4"]],
    ["leading digits get _", ["2fa", "3d-secure"], ["_2fa", "_3d_secure"]],
    ["numbers never become array-index keys", [1, -1, 2.5, 10], ["_1", "_minus_1", "_2_5", "_10"]],
    ["booleans", [true, false], ["true", "false"]],
    ["empty string and other characters", ["", "é"], ["empty", "ue9"]],
  ];
  it.each(cases)("%s", (_, values, expected) => {
    expect(memberNames(values)).toEqual(expected);
  });
});

describe("emitEnums", () => {
  it("emits a frozen const per named enum and per inline enum property; a named schema keeps its name", () => {
    const text = emitEnums(
      {
        components: {
          schemas: {
            Object: { type: "string", enum: ["a"] },
            Job: {
              type: "object",
              properties: { status: { type: "string", enum: ["queued", null] }, note: { type: "string" } },
            },
            JobStatus: { type: "string", enum: ["x"] },
          },
        },
      },
      "// header\n",
    );
    expect(text.match(/^export const \w+/gm)).toEqual([
      "export const Object_2",
      "export const JobStatus_2",
      "export const JobStatus",
    ]);
    expect(text).toContain('export const JobStatus_2 = Object.freeze({\n  queued: "queued",\n} as const);');
    expect(text).toContain('export const JobStatus = Object.freeze({\n  x: "x",\n} as const);');
  });

  it("emits a valid empty module when the spec has no enums", () => {
    expect(emitEnums({}, "// header\n")).toBe("// header\n\nexport {};\n");
  });
});
