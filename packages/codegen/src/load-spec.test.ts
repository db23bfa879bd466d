import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../test/helpers/shared-paths.js";
import { makeTempDir, removeTempDir } from "../test/helpers/temp-output.js";
import { isGenerationError } from "./internal/generation-error.js";
import { loadSpec } from "./load-spec.js";

const dir = makeTempDir("load-spec");
afterAll(() => removeTempDir(dir));

function write(name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

async function failure(
  file: string,
): Promise<{ code: string; line?: number; col?: number; pointer?: string; message: string }> {
  const error: unknown = await loadSpec(file).catch((e: unknown) => e);
  if (!isGenerationError(error)) throw new Error(`expected a GenerationError, got ${String(error)}`);
  const { line, col, pointer } = error.location ?? {};
  return {
    code: error.code,
    ...(line === undefined ? {} : { line }),
    ...(col === undefined ? {} : { col }),
    ...(pointer === undefined ? {} : { pointer }),
    message: error.message,
  };
}

const HEAD = 'openapi: 3.0.3\ninfo:\n  title: t\n  version: "1"\n';

describe("loadSpec errors: file, line or pointer, and the fix", () => {
  it("missing file", async () => {
    const f = await failure(join(dir, "nope.yaml"));
    expect(f.code).toBe("SPEC_NOT_FOUND");
    expect(f.message).toMatch(/nope\.yaml: The spec file does not exist\. Fix: /);
  });

  it("YAML syntax error with line and column", async () => {
    const f = await failure(write("bad.yaml", `${HEAD}paths:\n  /a:\n   get: [\n`));
    expect([f.code, f.line]).toEqual(["SPEC_SYNTAX", 8]);
    expect(f.message).toMatch(/bad\.yaml:8:\d+: The spec is not valid YAML\/JSON: .* Fix: correct the syntax/);
  });

  it("JSON syntax error with line and column", async () => {
    const f = await failure(write("bad.json", '{"openapi": "3.0.3",\n "paths": {,}\n}\n'));
    expect([f.code, f.line, f.col]).toEqual(["SPEC_SYNTAX", 2, 12]);
  });

  it("broken $ref with the referring line and pointer", async () => {
    const f = await failure(
      write(
        "ref.yaml",
        `${HEAD}paths:\n  /a:\n    get:\n      responses:\n        "200":\n          $ref: "./missing.yaml#/Ok"\n`,
      ),
    );
    expect([f.code, f.line, f.pointer]).toEqual(["REF_BROKEN", 10, "/paths/~1a/get/responses/200"]);
    expect(f.message).toContain("missing.yaml");
  });

  it("Swagger 2.0 is converted to OpenAPI 3.0 (swagger2openapi), and says so", async () => {
    const loaded = await loadSpec(
      write(
        "swagger.yaml",
        `swagger: "2.0"
info: { title: t, version: "1" }
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{ name: id, in: path, required: true, type: string }]
      responses:
        "200": { description: ok, schema: { $ref: "#/definitions/Pet" } }
definitions:
  Pet: { type: object, properties: { name: { type: string } } }
`,
      ),
    );
    expect([loaded.openapi, loaded.convertedFrom]).toEqual(["3.0.0", "Swagger 2.0"]);
    expect(loaded.document.components).toEqual({
      schemas: { Pet: { type: "object", properties: { name: { type: "string" } } } },
    });
    expect(loaded.locate("/paths/~1pets~1{id}/get")).toEqual({
      file: expect.stringMatching(/swagger\.yaml$/),
      pointer: "/paths/~1pets~1{id}/get",
      line: 6,
      col: 7,
    });
  });

  it("a Swagger 2.0 spec the converter refuses names the Swagger 2.0 place and the fix", async () => {
    const f = await failure(
      write(
        "swagger-broken.json",
        JSON.stringify({
          swagger: "2.0",
          info: { title: "t", version: "1" },
          paths: {
            "/a": { get: { parameters: [{ $ref: "#/parameters/nope" }], responses: { 200: { description: "ok" } } } },
          },
        }),
      ),
    );
    expect([f.code, f.pointer]).toEqual(["SPEC_INVALID", "/parameters/nope"]);
    expect(f.message).toMatch(
      /could not be converted to OpenAPI 3 \(swagger2openapi\): Could not resolve reference #\/components\/parameters\/nope .* Fix: correct that part of the Swagger 2\.0 spec/,
    );
  });

  it("Swagger 1.x names the fix", async () => {
    const f = await failure(
      write("swagger1.json", '{"swagger": "1.2", "info": {"title": "t", "version": "1"}, "paths": {}}'),
    );
    expect([f.code, f.pointer]).toEqual(["SPEC_VERSION", "/swagger"]);
    expect(f.message).toMatch(
      /Swagger 1\.2 \(OpenAPI 2\); Outbound reads OpenAPI 3\.0 and 3\.1 only\. Fix: convert it to OpenAPI 3/,
    );
  });

  it("an unsupported openapi version", async () => {
    const f = await failure(write("v4.yaml", 'openapi: "4.0"\ninfo: {title: t, version: "1"}\npaths: {}\n'));
    expect([f.code, f.pointer]).toEqual(["SPEC_VERSION", "/openapi"]);
  });

  it("two operations with one operationId (one method name)", async () => {
    const f = await failure(
      write(
        "dup.yaml",
        `${HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses: {"200": {description: ok}}\n  /b:\n    post:\n      operationId: same\n      responses: {"200": {description: ok}}\n`,
      ),
    );
    expect([f.code, f.line]).toEqual(["NAME_COLLISION", 12]);
    expect(f.message).toContain("`same` is used by GET /a and POST /b. Fix: give each operation its own operationId");
  });
});

describe("loadSpec of a multi-file spec", () => {
  it("bundles external $refs, lists every file and hashes them all", async () => {
    const copy = join(dir, "payments");
    cpSync(join(REPO_ROOT, "specs", "payments"), copy, { recursive: true });
    const first = await loadSpec(join(copy, "openapi.yaml"));
    expect(first.files.map((f) => f.slice(copy.length + 1))).toEqual(["openapi.yaml", "schemas.yaml"]);
    const schemas = (first.document.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas)).toContain("Charge");
    expect((await loadSpec(join(copy, "openapi.yaml"))).sha256).toBe(first.sha256);
    writeFileSync(
      join(copy, "schemas.yaml"),
      `${(await import("node:fs")).readFileSync(join(copy, "schemas.yaml"), "utf8")}\n# changed\n`,
    );
    expect((await loadSpec(join(copy, "openapi.yaml"))).sha256).not.toBe(first.sha256);
  });
});
