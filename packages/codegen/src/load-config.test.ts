import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../test/helpers/temp-output.js";
import { isGenerationError } from "./internal/generation-error.js";
import { loadConfig } from "./load-config.js";

const dir = makeTempDir("config");
afterAll(() => removeTempDir(dir));

function config(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe("loadConfig (outbound.config.yaml)", () => {
  it("reads defaults and per-operation policy", () => {
    const loaded = loadConfig(
      config(
        "ok.yaml",
        "defaults:\n  timeout: { totalMs: 8000 }\noperations:\n  createCharge:\n    retry: { maxAttempts: 3 }\n  POST /messages:\n    idempotent: true\n",
      ),
    );
    expect(loaded.defaults).toEqual({ timeout: { totalMs: 8000 } });
    expect([...loaded.operations]).toEqual([
      ["createCharge", { retry: { maxAttempts: 3 } }],
      ["POST /messages", { idempotent: true }],
    ]);
  });

  it("an empty file is an empty config", () => {
    expect(loadConfig(config("empty.yaml", "")).operations.size).toBe(0);
  });

  const invalid: [string, string, string][] = [
    ["unknown top-level key", "default:\n  timeout: { totalMs: 1 }\n", "/default"],
    ["operations not a map", "operations: [a]\n", "/operations"],
    [
      "bad policy value",
      "operations:\n  a~b/c:\n    retry: { maxAttempts: 0 }\n",
      "/operations/a~0b~1c/retry/maxAttempts",
    ],
  ];
  it.each(invalid)("%s → CONFIG_INVALID at its pointer", (name, text, pointer) => {
    let error: unknown;
    try {
      loadConfig(config(`${name.replaceAll(" ", "-")}.yaml`, text));
    } catch (e) {
      error = e;
    }
    expect(isGenerationError(error) && [error.code, error.location?.pointer]).toEqual(["CONFIG_INVALID", pointer]);
  });
});
