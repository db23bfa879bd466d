import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { generateIntoTemp } from "./helpers/generate-fixture.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

const SPEC = join(import.meta.dirname, "fixtures", "hostile", "01-injection", "openapi.yaml");
const FILES = ["client.gen.ts", "enums.gen.ts", "operations.gen.ts", "schema.gen.ts"];

/** Statements of a file that are not imports, exports of declarations, or type declarations: code a spec slipped in. */
function strayStatements(text: string): string[] {
  const source = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, true);
  return source.statements
    .filter(
      (s) =>
        !(
          ts.isImportDeclaration(s) ||
          ts.isFunctionDeclaration(s) ||
          ts.isInterfaceDeclaration(s) ||
          ts.isTypeAliasDeclaration(s) ||
          ts.isVariableStatement(s) ||
          ts.isExportDeclaration(s)
        ),
    )
    .map((s) => s.getText());
}

describe("a spec written to inject code into every emitted place (titles, servers, paths, operationIds, security schemes, enums)", () => {
  it("generates code that type-checks, runs without side effects and exports only what the generator declares", async () => {
    const { dir, out } = await generateIntoTemp("hostile", SPEC);
    dirs.push(dir);
    expect(
      typeCheck(
        FILES.map((f) => join(out, f)),
        out,
      ).errors,
    ).toEqual([]);
    for (const file of FILES)
      expect([file, strayStatements(readFileSync(join(out, file), "utf8"))]).toEqual([file, []]);
    const modules = (await Promise.all(
      ["client.gen.ts", "enums.gen.ts", "operations.gen.ts"].map((f) => import(join(out, f))),
    )) as Record<string, unknown>[];
    expect(modules.map((m) => Object.keys(m).sort())).toEqual([
      ["createHostileClient"],
      ["ModeGlobalThisPwned15"],
      ["operations"],
    ]);
    const [clientModule, enumsModule, operationsModule] = modules as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    const client = (clientModule.createHostileClient as (o: object) => object)({ baseUrl: "http://127.0.0.1:9" });
    expect(Object.keys(client)).toEqual(["xGlobalThisPwned5", "globalThisPwned9", "raw", "downstream"]);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
    expect(Object.values(enumsModule.ModeGlobalThisPwned15 as object)).toEqual([
      "*/ globalThis.pwned = 17; /*",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the hostile spec's value, verbatim
      '"`${globalThis.pwned = 18}`',
      "\u2028",
      "__proto__",
    ]);
    const operations = operationsModule.operations as Record<string, { path: string; idempotencyHeader?: string }>;
    expect([operations.xGlobalThisPwned5?.path, operations.globalThisPwned9?.idempotencyHeader]).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the hostile spec's path, verbatim
      '/a/*/b"`${x}`',
      "X-`$a`'|~",
    ]);
  });
});
