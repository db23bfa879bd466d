import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeSpec } from "../src/analyze-spec.js";
import { documentForTypes } from "../src/document-for-types.js";
import { emitSchema } from "../src/emit-schema.js";
import { getByPointer } from "../src/internal/json-pointer.js";
import { redoclyConfig } from "../src/load-spec.js";
import type { OperationModel, ParameterModel } from "../src/operation-model.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";

const dir = makeTempDir("spec-model");
afterAll(() => removeTempDir(dir));

let count = 0;
/** Writes a small spec (JSON, so it is also YAML) and analyzes it. */
async function model(paths: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const file = join(dir, `spec-${++count}.json`);
  writeFileSync(file, JSON.stringify({ openapi: "3.1.0", info: { title: "T", version: "1" }, ...extra, paths }));
  return analyzeSpec({ spec: file, name: "t" });
}

async function onlyOperation(paths: Record<string, unknown>, extra?: Record<string, unknown>): Promise<OperationModel> {
  const operations = (await model(paths, extra)).operations;
  expect(operations).toHaveLength(1);
  return operations[0] as OperationModel;
}

const ok = { "200": { description: "ok" } };

describe("SpecModel: request media types with their encodings (OpenAPI 3.1 §4.8.13–§4.8.15)", () => {
  it("reads a form body's `encoding` with its effective style and explode", async () => {
    const op = await onlyOperation({
      "/forms": {
        post: {
          operationId: "submitForm",
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: { type: "object" },
                encoding: {
                  tags: { style: "spaceDelimited" },
                  filter: { style: "deepObject", explode: true, allowReserved: true },
                  meta: { contentType: "application/json" },
                },
              },
            },
          },
          responses: ok,
        },
      },
    });
    expect(op.requestBody).toEqual({
      required: true,
      description: undefined,
      pointer: "/paths/~1forms/post/requestBody",
      resolvedPointer: "/paths/~1forms/post/requestBody",
      content: [
        {
          mediaType: "application/x-www-form-urlencoded",
          pointer: "/paths/~1forms/post/requestBody/content/application~1x-www-form-urlencoded",
          schemaPointer: "/paths/~1forms/post/requestBody/content/application~1x-www-form-urlencoded/schema",
          encoding: [
            {
              property: "tags",
              contentType: undefined,
              headers: [],
              style: "spaceDelimited",
              explode: false,
              allowReserved: false,
              styleWritten: true,
            },
            {
              property: "filter",
              contentType: undefined,
              headers: [],
              style: "deepObject",
              explode: true,
              allowReserved: true,
              styleWritten: true,
            },
            {
              property: "meta",
              contentType: "application/json",
              headers: [],
              style: "form",
              explode: true,
              allowReserved: false,
              styleWritten: false,
            },
          ],
        },
      ],
    });
  });

  it("reads a multipart body (part content types and headers) beside JSON, through a `$ref`'d request body", async () => {
    const op = await onlyOperation(
      { "/files": { put: { requestBody: { $ref: "#/components/requestBodies/Upload" }, responses: ok } } },
      {
        components: {
          requestBodies: {
            Upload: {
              description: "a file",
              content: {
                "multipart/form-data": {
                  schema: { type: "object" },
                  encoding: {
                    file: {
                      contentType: "image/png, image/jpeg",
                      headers: {
                        "X-Rate-Limit": { schema: {} },
                        "Content-Type": { schema: { const: "text/plain" } },
                        "X-Checksum": { required: true, schema: { type: "string" } },
                        "Content-ID": { $ref: "#/components/headers/ContentId" },
                        "X-Kind": { schema: { type: "string", enum: ["raw"] } },
                        "X-Tags": { schema: { type: "array", default: ["a", "b"] } },
                      },
                    },
                  },
                },
                "application/json": { schema: { $ref: "#/components/schemas/File" } },
              },
            },
          },
          schemas: { File: { type: "object" } },
          headers: { ContentId: { schema: { const: "<scan@example.test>" } } },
        },
      },
    );
    expect(op.requestBody).toEqual({
      required: false,
      description: "a file",
      pointer: "/paths/~1files/put/requestBody",
      resolvedPointer: "/components/requestBodies/Upload",
      content: [
        {
          mediaType: "multipart/form-data",
          pointer: "/components/requestBodies/Upload/content/multipart~1form-data",
          schemaPointer: "/components/requestBodies/Upload/content/multipart~1form-data/schema",
          encoding: [
            {
              property: "file",
              contentType: "image/png, image/jpeg",
              headers: [
                { name: "X-Rate-Limit", value: undefined, fixed: false, required: false },
                { name: "X-Checksum", value: undefined, fixed: false, required: true },
                { name: "Content-ID", value: "<scan@example.test>", fixed: true, required: false },
                { name: "X-Kind", value: "raw", fixed: true, required: false },
                { name: "X-Tags", value: "a,b", fixed: false, required: false },
              ],
              style: "form",
              explode: true,
              allowReserved: false,
              styleWritten: false,
            },
          ],
        },
        {
          mediaType: "application/json",
          pointer: "/components/requestBodies/Upload/content/application~1json",
          schemaPointer: "/components/requestBodies/Upload/content/application~1json/schema",
          encoding: [],
        },
      ],
    });
  });
});

describe("SpecModel: multipart part headers", () => {
  it("refuses a part header name that is not a token, naming its JSON pointer and the fix", async () => {
    const failure = await model({
      "/files": {
        post: {
          requestBody: {
            content: {
              "multipart/form-data": {
                schema: { type: "object" },
                encoding: { file: { headers: { "X Bad": { schema: { type: "string" } } } } },
              },
            },
          },
          responses: ok,
        },
      },
    }).catch((error: unknown) => error as { code: string; location?: { pointer?: string }; message: string });
    expect(failure).toMatchObject({
      code: "SPEC_INVALID",
      location: {
        pointer: "/paths/~1files/post/requestBody/content/multipart~1form-data/encoding/file/headers/X Bad",
      },
    });
    expect((failure as { message: string }).message).toContain('part header "X Bad" is not a valid header name');
  });

  it("reads no part headers for a form body (the spec ignores them there)", async () => {
    const op = await onlyOperation({
      "/forms": {
        post: {
          requestBody: {
            content: {
              "application/x-www-form-urlencoded": {
                schema: { type: "object" },
                encoding: { a: { headers: { "X-A": { schema: { const: "1" } } } } },
              },
            },
          },
          responses: ok,
        },
      },
    });
    expect(op.requestBody?.content[0]?.encoding[0]?.headers).toEqual([]);
  });
});

describe("SpecModel: responses per status (OpenAPI 3.1 §4.8.16)", () => {
  it("lists every status in spec order with its media types; an empty answer has none", async () => {
    const op = await onlyOperation({
      "/report": {
        get: {
          operationId: "getReport",
          responses: {
            "200": {
              description: "the report",
              headers: { "X-Total": { schema: { type: "integer" } } },
              content: { "application/json": { schema: { type: "object" } }, "text/csv": {} },
            },
            "204": { description: "nothing yet" },
            "4XX": { description: "client error", content: { "application/problem+json": { schema: {} } } },
            default: { description: "error", content: { "application/json": { schema: {} } } },
          },
        },
      },
    });
    expect(
      op.responses.map((r) => [
        r.status,
        r.description,
        r.headers,
        r.content.map((m) => [m.mediaType, m.schemaPointer]),
      ]),
    ).toEqual([
      [
        "200",
        "the report",
        ["X-Total"],
        [
          ["application/json", "/paths/~1report/get/responses/200/content/application~1json/schema"],
          ["text/csv", undefined],
        ],
      ],
      ["204", "nothing yet", [], []],
      [
        "4XX",
        "client error",
        [],
        [["application/problem+json", "/paths/~1report/get/responses/4XX/content/application~1problem+json/schema"]],
      ],
      [
        "default",
        "error",
        [],
        [["application/json", "/paths/~1report/get/responses/default/content/application~1json/schema"]],
      ],
    ]);
  });
});

describe("SpecModel: servers at three levels, the nearest wins (OpenAPI 3.1 §4.8.5, §4.8.6, §4.8.9.1)", () => {
  it("keeps root, path item and operation servers with their variables", async () => {
    const spec = await model(
      {
        "/a": { get: { operationId: "rootServer", responses: ok } },
        "/b": {
          servers: [
            { url: "https://b.example.com/{version}", variables: { version: { default: "v2", enum: ["v1", "v2"] } } },
          ],
          get: { operationId: "pathItemServer", responses: ok },
          post: {
            operationId: "operationServer",
            servers: [{ url: "https://upload.example.com", description: "uploads" }],
            responses: ok,
          },
        },
      },
      {
        servers: [
          {
            url: "https://{region}.example.com:{port}",
            description: "regional",
            variables: {
              region: { default: "eu", enum: ["eu", "us"], description: "data residency" },
              port: { default: "443" },
            },
          },
          { url: "/" },
        ],
      },
    );
    expect(spec.servers).toEqual([
      {
        url: "https://{region}.example.com:{port}",
        description: "regional",
        variables: [
          { name: "region", default: "eu", enum: ["eu", "us"], description: "data residency" },
          { name: "port", default: "443", enum: undefined, description: undefined },
        ],
        level: "root",
        pointer: "/servers/0",
      },
      { url: "/", description: undefined, variables: [], level: "root", pointer: "/servers/1" },
    ]);
    const byName = new Map(spec.operations.map((o) => [o.operationId, o.servers]));
    expect(byName.get("rootServer")).toBe(spec.servers);
    expect(byName.get("pathItemServer")).toEqual([
      {
        url: "https://b.example.com/{version}",
        description: undefined,
        variables: [{ name: "version", default: "v2", enum: ["v1", "v2"], description: undefined }],
        level: "path item",
        pointer: "/paths/~1b/servers/0",
      },
    ]);
    expect(byName.get("operationServer")).toEqual([
      {
        url: "https://upload.example.com",
        description: "uploads",
        variables: [],
        level: "operation",
        pointer: "/paths/~1b/post/servers/0",
      },
    ]);
  });
});

describe("SpecModel: pointers follow `$ref`s and read back with getByPointer", () => {
  it("points into a `$ref`'d path item (components.pathItems) and a path with `%`", async () => {
    const jobSchema = { type: "object", properties: { id: { type: "string" } } };
    const spec = await model(
      {
        "/jobs": { $ref: "#/components/pathItems/Jobs" },
        "/100%/{id}": {
          get: {
            parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "pct" } }],
            responses: { "200": { description: "ok", content: { "text/plain": { schema: { type: "string" } } } } },
          },
        },
      },
      {
        components: {
          pathItems: {
            Jobs: {
              parameters: [{ name: "tenant", in: "header", schema: { type: "string", format: "tenant" } }],
              post: {
                requestBody: { content: { "application/json": { schema: jobSchema } } },
                responses: {
                  "201": { description: "created", content: { "application/json": { schema: jobSchema } } },
                },
              },
            },
          },
        },
      },
    );
    const [jobs, pct] = spec.operations;
    const at = (pointer: string | undefined) =>
      pointer === undefined ? undefined : getByPointer(spec.document, pointer);
    const schemaPointer = (p: ParameterModel | undefined) => p?.serialization.schemaPointer;
    expect([
      jobs?.parameters[0]?.pointer,
      jobs?.parameters[0]?.resolvedPointer,
      jobs?.requestBody?.pointer,
      jobs?.requestBody?.content[0]?.schemaPointer,
      jobs?.responses[0]?.pointer,
      jobs?.responses[0]?.content[0]?.schemaPointer,
      pct?.parameters[0]?.resolvedPointer,
      pct?.responses[0]?.content[0]?.schemaPointer,
    ]).toEqual([
      "/paths/~1jobs/parameters/0",
      "/components/pathItems/Jobs/parameters/0",
      "/paths/~1jobs/post/requestBody",
      "/components/pathItems/Jobs/post/requestBody/content/application~1json/schema",
      "/paths/~1jobs/post/responses/201",
      "/components/pathItems/Jobs/post/responses/201/content/application~1json/schema",
      "/paths/~1100%25~1{id}/get/parameters/0",
      "/paths/~1100%25~1{id}/get/responses/200/content/text~1plain/schema",
    ]);
    expect([
      at(schemaPointer(jobs?.parameters[0])),
      at(jobs?.requestBody?.content[0]?.schemaPointer),
      at(jobs?.responses[0]?.content[0]?.schemaPointer),
      at(schemaPointer(pct?.parameters[0])),
      at(pct?.responses[0]?.content[0]?.schemaPointer),
    ]).toEqual([
      { type: "string", format: "tenant" },
      jobSchema,
      jobSchema,
      { type: "string", format: "pct" },
      { type: "string" },
    ]);
  });
});

describe("SpecModel: one walk, one order, nothing mutated", () => {
  it("lists operations by path, then methods as the path item writes them; parameters of both levels", async () => {
    const spec = await model({
      "/z": {
        parameters: [
          { name: "id", in: "path", required: true, schema: { type: "string" } },
          { name: "trace", in: "header", schema: { type: "string" } },
        ],
        post: {
          parameters: [{ name: "trace", in: "header", required: true, schema: { type: "string" } }],
          responses: ok,
        },
        get: { parameters: [{ name: "expand", in: "query", schema: { type: "array" } }], responses: ok },
      },
      "/a": { delete: { responses: ok } },
    });
    expect(spec.operations.map((o) => `${o.method} ${o.path} ${o.methodName}`)).toEqual([
      "POST /z postZ",
      "GET /z getZ",
      "DELETE /a deleteA",
    ]);
    expect(spec.operations[0]?.parameters.map((p) => [p.in, p.name, p.required, p.level, p.pointer])).toEqual([
      ["path", "id", true, "path item", "/paths/~1z/parameters/0"],
      ["header", "trace", true, "operation", "/paths/~1z/post/parameters/0"],
    ]);
  });

  it("documentForTypes changes a copy for openapi-typescript and leaves the analyzed document as it was", async () => {
    const file = join(dir, "keyed.json");
    writeFileSync(
      file,
      JSON.stringify({
        openapi: "3.1.0",
        info: { title: "Keyed", version: "1" },
        paths: {
          "/charges": {
            post: {
              operationId: "create%Charge",
              parameters: [{ $ref: "#/components/parameters/Key" }],
              responses: ok,
            },
          },
        },
        components: {
          parameters: { Key: { name: "Idempotency-Key", in: "header", required: true, schema: { type: "string" } } },
          schemas: {
            Bag: { type: "object", properties: { n: { type: "integer" } }, additionalProperties: { type: "string" } },
          },
        },
      }),
    );
    const spec = await analyzeSpec({ spec: file });
    const before = structuredClone(spec.document);
    const types = emitSchema(documentForTypes(spec), "", await redoclyConfig(), "keyed.json");
    // the copy was changed: the key header is optional, and the `%` is written `％` (printed escaped)
    expect(types).toContain('"Idempotency-Key"?: components["parameters"]["Key"]');
    expect(types).toContain(String.raw`operations["create\uFF05Charge"]`);
    expect(types).toContain("[key: string]: string | number;");
    expect(spec.operations.map((o) => [o.operationId, o.class])).toEqual([["create%Charge", "keyed"]]);
    expect(spec.document).toEqual(before);
  });
});
