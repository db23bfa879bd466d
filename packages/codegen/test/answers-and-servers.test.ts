/**
 * What the generator emits for answers by media type (Accept, answer kinds, the default `parseAs` in the types),
 * on a small spec written for it, and that the output type-checks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerKindOf } from "../src/answer-kinds.js";
import { generateIntoTemp, operationEntry } from "./helpers/generate-fixture.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

const SPEC = join(import.meta.dirname, "fixtures", "answers-and-servers.yaml");
let dir = "";
let out = "";
beforeAll(async () => {
  ({ dir, out } = await generateIntoTemp("files", SPEC));
});
afterAll(() => removeTempDir(dir));

const read = (file: string) => readFileSync(join(out, file), "utf8");

const entry = (name: string) => operationEntry(out, name);

describe("answer kinds by media type", () => {
  it.each([
    ["application/json", "json"],
    ["application/problem+json", "json"],
    ["application/vnd.api+json; charset=utf-8", "json"],
    ["text/plain", "text"],
    ["text/csv; charset=utf-8", "text"],
    ["application/xml", "text"],
    ["application/atom+xml", "text"],
    ["application/octet-stream", "blob"],
    ["application/pdf", "blob"],
    ["image/*", "blob"],
    ["*/*", "blob"],
    ["application/jsonl", "blob"],
  ])("%s is read as %s", (mediaType, kind) => {
    expect(answerKindOf(mediaType)).toBe(kind);
  });
});

describe("operations.gen.ts: Accept and answers", () => {
  it("emits Accept from every response's media types, JSON first, and answers only when one is not JSON", () => {
    expect(entry("postFiles")).toContain('    accept: "application/json",\n');
    expect(entry("postFiles")).not.toContain("answers:");
    expect(entry("getFileContents")).toContain(
      '    accept: "application/pdf, text/plain",\n    answers: { "200": "blob", "404": "text" },\n',
    );
    expect(entry("getFileSummary")).toContain('    accept: "application/json, application/xml",\n');
    expect(entry("getFileSummary")).not.toContain("answers:");
    expect(entry("getFileNote")).toContain(
      '    accept: "text/plain; charset=utf-8",\n    answers: { "200": "text" },\n',
    );
    expect(entry("deleteFile")).not.toContain("accept:");
    expect(entry("deleteFile")).not.toContain("answers:");
  });
});

describe("a path key with a query", () => {
  it("keeps the key as the operation's path: the runtime sends its query before the operation's own", () => {
    expect(entry("listIdentityFiles")).toContain('    path: "/files?purpose=identity",\n');
    expect(read("client.gen.ts")).toContain(
      'readonly listIdentityFiles: { readonly path: "/files?purpose=identity"; readonly method: "get"; readonly options: IdempotentCallOptions };',
    );
  });
});

describe("operation and path-item servers", () => {
  it("emits the operation's own server, and none where only the root's apply", () => {
    expect(entry("postFiles")).toContain('    server: "https://{region}.files.example.test/v1",\n');
    expect(entry("getFileNote")).toContain('    server: "/notes/{version}",\n');
    expect(entry("getFileContents")).not.toContain("server:");
  });

  it("types the servers and their variables as client options, and describes the variables for the runtime", () => {
    const client = read("client.gen.ts");
    expect(client).toContain(
      '  readonly servers?: { readonly "https://{region}.files.example.test/v1"?: string; readonly "/notes/{version}"?: string };\n',
    );
    expect(client).toContain(
      '  readonly serverVariables?: {\n    /**\n     * Data residency region.\n     *\n     * @default "eu"\n     */\n    readonly region?: "eu" | "us";\n',
    );
    expect(client).toContain("    readonly version?: string;\n  };\n");
    expect(client).toContain(
      '  serverVariables: { region: { default: "eu", enum: ["eu", "us"] }, version: { default: "v2" } },\n',
    );
  });

  it("says in each method's JSDoc where the call goes", () => {
    const client = read("client.gen.ts");
    expect(client).toContain(
      "   * Sent to its own server `https://{region}.files.example.test/v1` (the spec's operation `servers`), not `baseUrl`; override it with the client option `servers`.\n",
    );
    expect(client).toContain(
      "   * Sent to its own server `/notes/{version}` (the spec's path item `servers`), not `baseUrl`; override it with the client option `servers`.\n",
    );
    expect(client).toContain("   * Sent to the client's `baseUrl`.\n");
  });
});

describe("client.gen.ts: the default answer in the types and the JSDoc", () => {
  it("carries `answer` on members whose success is not JSON, and says what data is", () => {
    const client = read("client.gen.ts");
    expect(client).toContain(
      'readonly getFileContents: { readonly path: "/files/{id}/contents"; readonly method: "get"; readonly options: IdempotentCallOptions; readonly answer: "blob" };',
    );
    expect(client).toContain(
      'readonly getFileNote: { readonly path: "/files/{id}/note"; readonly method: "get"; readonly options: IdempotentCallOptions; readonly answer: "text" };',
    );
    expect(client).toContain(
      'readonly getFileSummary: { readonly path: "/files/{id}/summary"; readonly method: "get"; readonly options: IdempotentCallOptions };',
    );
    expect(client).toContain(
      '   * Answers `application/pdf, text/plain`: `data` is a `Blob` (its `type` is the answer\'s Content-Type); pass `parseAs` (`"text"`, `"blob"`, `"arrayBuffer"`, `"stream"`) to read it otherwise.\n',
    );
  });

  it("type-checks", () => {
    const files = ["client.gen.ts", "operations.gen.ts", "schema.gen.ts"].map((f) => join(out, f));
    expect(typeCheck(files, out).errors).toEqual([]);
  });
});
