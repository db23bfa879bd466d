import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { EQUAL_TYPE, generateIntoTemp } from "./helpers/generate-fixture.js";
import { startRecordServer } from "./helpers/record-server.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

/** A spec of test/fixtures. */
const fixture = (file: string): string => join(import.meta.dirname, "fixtures", file);

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeTempDir));

const TS_FILES = ["client.gen.ts", "enums.gen.ts", "operations.gen.ts", "schema.gen.ts"];

/** Block comments and code tokens of a file, split by the TypeScript scanner. */
function scan(text: string): { comments: string[]; identifiers: string[] } {
  const scanner = ts.createScanner(ts.ScriptTarget.ES2022, false, ts.LanguageVariant.Standard, text);
  const comments: string[] = [];
  const identifiers: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.MultiLineCommentTrivia) comments.push(scanner.getTokenText());
    if (kind === ts.SyntaxKind.Identifier) identifiers.push(scanner.getTokenText());
  }
  return { comments, identifiers };
}

describe("`*/` in spec text cannot end a generated comment", () => {
  it("generates code that type-checks, exports no `injected`, and keeps the text escaped but recognisable", async () => {
    const { dir, out } = await generateIntoTemp("cron-jobs", fixture("comment-terminators-in-text.yaml"));
    dirs.push(dir);
    const { errors, program } = typeCheck(
      TS_FILES.map((f) => join(out, f)),
      out,
    );
    expect(errors).toEqual([]);
    const checker = program.getTypeChecker();
    for (const file of TS_FILES) {
      const text = readFileSync(join(out, file), "utf8");
      const source = program.getSourceFile(join(out, file));
      const symbol = source && checker.getSymbolAtLocation(source);
      const exports = symbol ? checker.getExportsOfModule(symbol).map((s) => s.name) : [];
      expect(exports).not.toContain("injected");
      const { comments, identifiers } = scan(text);
      expect(identifiers).not.toContain("injected");
      for (const comment of comments) expect(comment.indexOf("*/")).toBe(comment.length - 2);
      expect(text).not.toContain("*/5");
      expect(text).not.toContain("early */");
    }
    const runtime = await Promise.all(
      ["enums.gen.ts", "operations.gen.ts", "client.gen.ts"].map((f) => import(join(out, f))),
    );
    expect(runtime.flatMap((m) => Object.keys(m as object)).sort()).toEqual(["createCronJobsClient", "operations"]);
    const schema = readFileSync(join(out, "schema.gen.ts"), "utf8");
    expect(schema).toContain("Cron expression, for example *\\/5 * * * *");
    const client = readFileSync(join(out, "client.gen.ts"), "utf8");
    expect(client).toContain("Closes the comment early *\\/ export const injected = true; /* and reopens it");
    expect(client).toContain("Creates the client of comment terminator *\\/ in spec text");
  });
});

describe("operationIds that are not identifiers", () => {
  const EXPECTED_METHODS = [
    "secondaryDnsPrimaryZoneCreateConfig",
    "itemsList",
    "default_",
    "delete_",
    "_2faStatus",
    "getItem",
    "getItem2",
    "proto",
    "constructor_",
  ];

  it("gives 9 distinct legal method names, the same bytes on every run, and compiles", async () => {
    const first = await generateIntoTemp("odd-ids", fixture("operation-ids-not-identifiers.yaml"));
    const second = await generateIntoTemp("odd-ids", fixture("operation-ids-not-identifiers.yaml"));
    dirs.push(first.dir, second.dir);
    expect(first.result.operations.map((o) => o.methodName)).toEqual(EXPECTED_METHODS);
    expect(first.result.operations.map((o) => o.operationId)).toEqual([
      "secondary-dns-(-primary-zone)-create-config",
      "items.list",
      "default",
      "delete",
      "2fa-status",
      "get_item",
      "get-item",
      "__proto__",
      "constructor",
    ]);
    for (const file of first.result.files.keys()) {
      expect(readFileSync(join(second.out, file), "utf8")).toBe(readFileSync(join(first.out, file), "utf8"));
    }
    const probe = join(first.dir, "probe.ts");
    writeFileSync(
      probe,
      `${EQUAL_TYPE}import type { operations } from "./generated/schema.gen.js";
type Raw = operations["secondary-dns-(-primary-zone)-create-config"];
export const exists: Equal<Raw extends { responses: unknown } ? true : false, true> = true;
`,
    );
    expect(typeCheck([probe, join(first.out, "client.gen.ts")], first.dir).errors).toEqual([]);
  });

  it("imports at runtime; each method hits its own path on a real server (delete_ sends DELETE /items/x1)", async () => {
    const { dir, out } = await generateIntoTemp("odd-ids", fixture("operation-ids-not-identifiers.yaml"));
    dirs.push(dir);
    const server = await startRecordServer((r) =>
      r.url === "/items" && r.method === "GET"
        ? { status: 200, body: "[]", headers: { "content-type": "application/json" } }
        : { status: 204 },
    );
    try {
      const { createOddIdsClient } = (await import(join(out, "client.gen.ts"))) as {
        createOddIdsClient: (o: object) => Record<string, (init?: object) => Promise<{ response: Response }>>;
      };
      const client = createOddIdsClient({ baseUrl: server.url });
      expect(
        Object.keys(client)
          .filter((k) => k !== "raw" && k !== "downstream")
          .sort(),
      ).toEqual([...EXPECTED_METHODS].sort());
      const path = { params: { path: { id: "x1", zoneId: "z1" } } };
      for (const name of EXPECTED_METHODS) {
        const { response } = await (client[name] as (init?: object) => Promise<{ response: Response }>)(path);
        expect([name, response.status]).toEqual([name, name === "itemsList" ? 200 : 204]);
      }
      expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        "POST /zones/z1/secondary",
        "GET /items",
        "POST /items",
        "DELETE /items/x1",
        "GET /items/x1",
        "POST /items/x1/copy",
        "POST /items/x1/clone",
        "GET /meta/proto",
        "GET /meta/ctor",
      ]);
    } finally {
      await server.close();
    }
  });
});
