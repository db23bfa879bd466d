import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../test/helpers/temp-output.js";
import { isGenerationError } from "./internal/generation-error.js";
import { writeOutput } from "./write-output.js";

const dir = makeTempDir("write-output");
afterAll(() => removeTempDir(dir));

describe("writeOutput", () => {
  it("replaces the whole folder (stale files go) and leaves no temp folders", () => {
    const out = join(dir, "a", "generated");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "stale.gen.ts"), "old");
    writeOutput(
      out,
      new Map([
        ["client.gen.ts", "new"],
        ["manifest.json", "{}\n"],
      ]),
    );
    expect(readdirSync(out).sort()).toEqual(["client.gen.ts", "manifest.json"]);
    expect(readFileSync(join(out, "client.gen.ts"), "utf8")).toBe("new");
    expect(readdirSync(join(dir, "a"))).toEqual(["generated"]);
  });

  it("on failure leaves the previous output untouched and cleans up", () => {
    const out = join(dir, "b", "generated");
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, "client.gen.ts"), "previous");
    let error: unknown;
    try {
      writeOutput(
        out,
        new Map([
          ["client.gen.ts", "next"],
          ["sub/dir.ts", "cannot be written: no such folder"],
        ]),
      );
    } catch (e) {
      error = e;
    }
    expect(isGenerationError(error) && error.code).toBe("OUTPUT_FAILED");
    expect(readFileSync(join(out, "client.gen.ts"), "utf8")).toBe("previous");
    expect(readdirSync(join(dir, "b"))).toEqual(["generated"]);
  });

  it("creates missing parent folders", () => {
    const out = join(dir, "c", "d", "generated");
    writeOutput(out, new Map([["x.ts", "x"]]));
    expect(existsSync(join(out, "x.ts"))).toBe(true);
  });
});
