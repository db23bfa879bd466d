/**
 * `x-outbound.pagination` from spec and config: presets filled in and emitted into operations.gen.ts, item types in
 * client.gen.ts that type-check, and declarations that name a missing field or parameter failing with the pointer
 * and the fix.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { renderClient } from "../src/generate.js";
import { isGenerationError } from "../src/internal/generation-error.js";
import { generateIntoTemp } from "./helpers/generate-fixture.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

/** The parts of the fixture a case edits. */
type Spec = { paths: Record<string, Record<string, Record<string, unknown>>>; [key: string]: unknown };

const FIXTURE = join(import.meta.dirname, "fixtures", "pagination");
const SPEC = join(FIXTURE, "openapi.yaml");
const CONFIG = join(FIXTURE, "outbound.config.yaml");
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) removeTempDir(dir);
});

describe("pagination declarations", () => {
  it("emits each operation's pagination with its preset filled in, and typed .pages()/.all() that type-check", async () => {
    const { dir, out, result } = await generateIntoTemp("paged", SPEC, { config: CONFIG });
    dirs.push(dir);
    expect(result.operations.map((o) => o.pagination?.meta)).toEqual([
      {
        kind: "cursor",
        items: "/data",
        cursorParam: "starting_after",
        nextCursor: { from: "lastItem", pointer: "/id" },
        hasMore: "/has_more",
      },
      { kind: "link", items: "" },
      { kind: "offset", items: "/result/rows", offsetParam: "offset", limitParam: "limit", total: "/total" },
    ]);
    const operations = readFileSync(join(out, "operations.gen.ts"), "utf8");
    expect(operations).toContain(
      'pagination: { kind: "cursor", items: "/data", cursorParam: "starting_after", nextCursor: { from: "lastItem", pointer: "/id" }, hasMore: "/has_more" },',
    );
    const probe = join(dir, "probe.ts");
    writeFileSync(
      probe,
      `import { createPagedClient } from "./generated/client.gen.js";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const client = createPagedClient({ baseUrl: "http://127.0.0.1:1" });
export async function probe(): Promise<void> {
  for await (const charge of client.listCharges.all({ params: { query: { limit: 10 } } }, { maxItems: 5 })) {
    const ok: Equal<typeof charge, { id: string; amount: number }> = true;
    void ok;
  }
  for await (const page of client.listIssues.pages({ params: { path: { owner: "o" } } })) {
    const ok: Equal<(typeof page.items)[number], { number: number }> = true;
    // @ts-expect-error the items are the spec's, not strings
    const wrong: Equal<typeof page.items, string[]> = true;
    void [ok, wrong];
  }
  for await (const row of client.listRows.all()) {
    const ok: Equal<typeof row, { key?: string }> = true;
    void ok;
  }
}
`,
    );
    expect(typeCheck([probe], dir).errors).toEqual([]);
  });

  const broken = async (edit: (spec: Spec) => void): Promise<string> => {
    const dir = makeTempDir("paged-bad");
    dirs.push(dir);
    const spec = YAML.parse(readFileSync(SPEC, "utf8")) as Spec;
    edit(spec);
    const file = join(dir, "openapi.yaml");
    writeFileSync(file, YAML.stringify(spec));
    try {
      await renderClient({ spec: file, out: join(dir, "generated"), name: "paged" });
      return "no error";
    } catch (error) {
      if (!isGenerationError(error)) throw error;
      return `${error.code} ${error.location?.pointer} | ${error.message}`;
    }
  };
  const listCharges = (spec: Spec) => spec.paths["/charges"]?.get ?? {};

  it("fails on a response field not in the schema, with the pointer and the fix", async () => {
    const message = await broken((spec) => {
      listCharges(spec)["x-outbound"] = { pagination: { preset: "stripe", hasMore: "/more" } };
    });
    expect(message).toMatch(/^EXTENSION_INVALID \/paths\/~1charges\/get\/x-outbound\/pagination\/hasMore \| /);
    expect(message).toContain("`pagination.hasMore` is `/more`, but it has no property `more`");
    expect(message).toContain("correct the JSON pointer, or declare the field in the response schema");
  });

  it("fails on a parameter the operation does not have, naming the ones it has", async () => {
    const message = await broken((spec) => {
      listCharges(spec)["x-outbound"] = { pagination: { preset: "stripe", cursorParam: "after" } };
    });
    expect(message).toMatch(/^EXTENSION_INVALID \/paths\/~1charges\/get\/x-outbound\/pagination\/cursorParam \| /);
    expect(message).toContain("use one of its query parameters: `starting_after`, `limit`");
  });

  it("suggests a preset for list operations that look paginated, and applies none", async () => {
    const dir = makeTempDir("paged-suggest");
    dirs.push(dir);
    const spec = YAML.parse(readFileSync(SPEC, "utf8")) as Spec;
    delete listCharges(spec)["x-outbound"];
    delete spec.paths["/repos/{owner}/issues"]?.get?.["x-outbound"];
    const file = join(dir, "openapi.yaml");
    writeFileSync(file, YAML.stringify(spec));
    const result = await renderClient({ spec: file, out: join(dir, "generated"), name: "paged" });
    expect(result.paginationSuggestions).toEqual([
      {
        operationId: "listCharges",
        declaration: "{ pagination: { preset: stripe } }",
        because: "`starting_after`, `data` and `has_more`",
      },
      {
        operationId: "listIssues",
        declaration: "{ pagination: { preset: github } }",
        because: "a `Link` response header",
      },
    ]);
    expect(result.operations.map((o) => o.pagination)).toEqual([undefined, undefined, undefined]);
  });

  const cases: [string, (spec: Spec) => void, RegExp][] = [
    [
      "items that is not an array",
      (spec) => {
        listCharges(spec)["x-outbound"] = { pagination: { preset: "stripe", items: "/has_more" } };
      },
      /pagination\/items \| .*it is not an array/,
    ],
    [
      "a lastItem field the items lack",
      (spec) => {
        listCharges(spec)["x-outbound"] = { pagination: { preset: "stripe", nextCursor: { lastItem: "/uid" } } };
      },
      /pagination\/nextCursor\/lastItem \| .*no property `uid`/,
    ],
    [
      "a key of another kind",
      (spec) => {
        listCharges(spec)["x-outbound"] = { pagination: { preset: "stripe", total: "/total" } };
      },
      /pagination\/total \| .*does not apply to kind `cursor`/,
    ],
    [
      "a kind without its keys",
      (spec) => {
        listCharges(spec)["x-outbound"] = { pagination: { kind: "cursor", items: "/data" } };
      },
      /pagination \| .*needs `cursorParam`/,
    ],
    [
      "an unknown preset",
      (spec) => {
        listCharges(spec)["x-outbound"] = { pagination: { preset: "slack" } };
      },
      /pagination\/preset \| .*must be `stripe`, `github` or `offset-limit`/,
    ],
    [
      "pagination at the root",
      (spec) => {
        spec["x-outbound"] = { pagination: { preset: "github" } };
      },
      /^EXTENSION_INVALID \/x-outbound\/pagination \| .*root level/,
    ],
  ];
  it.each(cases)("fails on %s", async (_label, edit, expected) => {
    expect(await broken(edit)).toMatch(expected);
  });
});
