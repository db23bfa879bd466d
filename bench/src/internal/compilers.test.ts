import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { findRepoCompiler } from "./compilers.js";

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repo root with `manifest` as package.json and the given packages installed in node_modules. */
function repo(manifest: object, installed: Record<string, object>): string {
  const root = mkdtempSync(join(tmpdir(), "bench-compilers-"));
  roots.push(root);
  writeFileSync(join(root, "package.json"), JSON.stringify(manifest));
  for (const [name, pkg] of Object.entries(installed)) {
    mkdirSync(join(root, "node_modules", name), { recursive: true });
    writeFileSync(join(root, "node_modules", name, "package.json"), JSON.stringify(pkg));
  }
  return root;
}

const ts = (version: string) => ({
  name: "typescript",
  version,
  bin: { tsc: "./bin/tsc", tsserver: "./bin/tsserver" },
});

describe("findRepoCompiler", () => {
  it("takes the root dependency that provides tsc, keyed by its major version", () => {
    const root = repo(
      { devDependencies: { vitest: "4.1.12", typescript: "7.0.2" } },
      { vitest: { name: "vitest", version: "4.1.12", bin: { vitest: "./vitest.mjs" } }, typescript: ts("7.0.2") },
    );
    expect(findRepoCompiler(root)).toEqual({
      key: "ts7",
      version: "7.0.2",
      bin: join(root, "node_modules", "typescript", "bin", "tsc"),
      source: "package.json devDependencies.typescript",
    });
  });

  it("prefers the package named typescript when an alias provides tsc too", () => {
    const root = repo(
      { devDependencies: { typescript5: "npm:typescript@5.9.3", typescript: "7.0.2" } },
      { typescript5: ts("5.9.3"), typescript: ts("7.0.2") },
    );
    expect(findRepoCompiler(root).version).toBe("7.0.2");
  });

  it("accepts a tsgo bin (the native preview package)", () => {
    const root = repo(
      { devDependencies: { "@typescript/native-preview": "7.0.0-dev.1" } },
      { "@typescript/native-preview": { version: "7.0.0-dev.1", bin: { tsgo: "./bin/tsgo.js" } } },
    );
    expect(findRepoCompiler(root)).toMatchObject({ key: "ts7", bin: expect.stringMatching(/tsgo\.js$/) });
  });

  it("names package.json and the fix when no installed dependency provides a compiler", () => {
    const root = repo({ devDependencies: { typescript: "7.0.2" } }, {});
    expect(() => findRepoCompiler(root)).toThrow(
      `${join(root, "package.json")}: no installed dependency provides a tsc/tsgo bin; run the install, or declare the repo's TypeScript there.`,
    );
  });
});
