import { describe, expect, it } from "vitest";
import { failureReason } from "./failure-reason.js";

describe("failureReason", () => {
  it.each([
    [
      "hey-api: the message on the line after 'Failed with the message:'",
      "\u001b[90m[Job 1] \u001b[39m⏳ Generating\n[Job 1] ❌ \u001b[31mFailed with the message:\u001b[39m\n[Job 1]   Cannot use 'in' operator\nmore\n",
      "exit 1: ❌ Failed with the message: Cannot use 'in' operator",
    ],
    [
      "openapi-typescript: the thrown Error",
      "✨ openapi-typescript 7.13.0\n    at x (file.js:1:1)\nError: Unsupported Swagger version: 2.x. Use OpenAPI 3.x instead.\n",
      "exit 1: Error: Unsupported Swagger version: 2.x. Use OpenAPI 3.x instead.",
    ],
    [
      "orval: a TypeError",
      "🍻 orval v7.13.2\n🛑 TypeError: Cannot use 'in' operator\n",
      "exit 1: 🛑 TypeError: Cannot use 'in' operator",
    ],
    ["no error word: the 'invalid' line", "start\nthe spec is invalid here\n", "exit 1: the spec is invalid here"],
    ["nothing recognisable: the first line", "\n\nsomething odd\nelse\n", "exit 1: something odd"],
  ])("%s", (_case, output, expected) => {
    expect(failureReason(output, 1)).toBe(expected);
  });

  it("cuts the reason at 200 characters and names a signal death as exit null", () => {
    expect(failureReason(`Error: ${"y".repeat(300)}`, null)).toBe(`exit null: Error: ${"y".repeat(193)}`);
  });
});
