import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyzeSpec } from "../src/analyze-spec.js";
import { diffSpecs } from "../src/diff/diff-specs.js";
import { REPO_ROOT } from "./helpers/shared-paths.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";

const dir = makeTempDir("diff");
afterAll(() => removeTempDir(dir));

const BIN = join(import.meta.dirname, "..", "bin", "outbound.js");

/** A small spec: POST /orders (keyed) with a body, GET /orders/{id} with a query parameter and a response. */
function spec(change: (text: string) => string = (t) => t): string {
  return change(`openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - { name: Idempotency-Key, in: header, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/OrderCreate" }
      responses:
        "201": { description: Created }
  /orders/{id}:
    get:
      operationId: getOrder
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: expand, in: query, schema: { type: string } }
      responses:
        "200":
          description: The order.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Order" }
components:
  schemas:
    OrderCreate:
      type: object
      required: [sku]
      properties:
        sku: { type: string }
        quantity: { type: number }
        channel: { type: string, enum: [web, store, phone] }
        note: { type: string }
    Order:
      type: object
      properties:
        id: { type: string }
        total: { type: number }
`);
}

async function changesOf(after: string): Promise<string[]> {
  const name = `s-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, `${name}-old.yaml`), spec());
  writeFileSync(join(dir, `${name}-new.yaml`), after);
  const [before, now] = await Promise.all([
    analyzeSpec({ spec: join(dir, `${name}-old.yaml`) }),
    analyzeSpec({ spec: join(dir, `${name}-new.yaml`) }),
  ]);
  return diffSpecs(before, now).map((c) => `${c.kind} | ${c.operation} | ${c.pointer} | ${c.detail}`);
}

describe("diffSpecs: each kind of breaking change, with its JSON pointer", () => {
  const cases: [string, (t: string) => string, string[]][] = [
    ["no change", (t) => t, []],
    [
      "operation removed",
      (t) => t.replace(/ {2}\/orders\/\{id\}:\n {4}get:[\s\S]*?(?=components:)/, ""),
      ["operation-removed | GET /orders/{id} | /paths/~1orders~1{id}/get | operation `getOrder` was removed"],
    ],
    [
      "response field removed",
      (t) => t.replace("        total: { type: number }\n", ""),
      [
        "response-field-removed | GET /orders/{id} | /components/schemas/Order/properties/total | response field `total` was removed",
      ],
    ],
    [
      "parameter became required",
      (t) => t.replace("{ name: expand, in: query, schema", "{ name: expand, in: query, required: true, schema"),
      [
        "parameter-required | GET /orders/{id} | /paths/~1orders~1{id}/get/parameters/1 | query parameter `expand` became required",
      ],
    ],
    [
      "request field became required",
      (t) => t.replace("required: [sku]", "required: [sku, quantity]"),
      [
        "request-field-required | POST /orders | /components/schemas/OrderCreate/properties/quantity | request field `quantity` became required",
      ],
    ],
    [
      "type narrowed",
      (t) => t.replace("quantity: { type: number }", "quantity: { type: integer }"),
      [
        "type-narrowed | POST /orders | /components/schemas/OrderCreate/properties/quantity | type number became integer",
      ],
    ],
    [
      "enum shrunk",
      (t) => t.replace("enum: [web, store, phone]", "enum: [web, store]"),
      ['enum-shrunk | POST /orders | /components/schemas/OrderCreate/properties/channel | enum lost "phone"'],
    ],
    [
      "keyed became unsafe",
      (t) =>
        t.replace(
          "        - { name: Idempotency-Key, in: header, schema: { type: string } }\n",
          "        - { name: X-Trace, in: header, schema: { type: string } }\n",
        ),
      [
        "class-less-safe | POST /orders | /paths/~1orders/post | class keyed became unsafe: POST is not idempotent and no idempotency key is declared",
      ],
    ],
    [
      "idempotent became unsafe",
      (t) =>
        t.replace(
          "      operationId: getOrder\n",
          "      operationId: getOrder\n      x-outbound: { idempotent: false }\n",
        ),
      [
        "class-less-safe | GET /orders/{id} | /paths/~1orders~1{id}/get | class idempotent became unsafe: x-outbound idempotent: false and no idempotency key is declared",
      ],
    ],
    [
      "idempotency header changed",
      (t) =>
        t.replace(
          "      operationId: createOrder\n",
          "      operationId: createOrder\n      x-outbound: { idempotencyKey: X-Request-Key }\n",
        ),
      [
        "idempotency-header-changed | POST /orders | /paths/~1orders/post | idempotency header Idempotency-Key became X-Request-Key",
      ],
    ],
    [
      "widening is not breaking",
      (t) =>
        t
          .replace("required: [sku]", "required: []")
          .replace("enum: [web, store, phone]", "enum: [web, store, phone, app]")
          .replace("quantity: { type: number }", "quantity: { type: [number, string] }")
          .replace(
            "      operationId: createOrder\n",
            "      operationId: createOrder\n      x-outbound: { idempotent: true }\n",
          ),
      [],
    ],
  ];
  it.each(cases)("%s", async (_, change, expected) => {
    expect(await changesOf(spec(change))).toEqual(expected);
  });

  it("compares the operations of a `$ref`'d path item (OpenAPI 3.1 components.pathItems)", async () => {
    const refd = (required: string, fields: string) => `openapi: 3.1.0
info: { title: Orders, version: "1" }
paths:
  /orders/{id}: { $ref: "#/components/pathItems/Order" }
components:
  pathItems:
    Order:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: expand, in: query, ${required}schema: { type: string } }
      get:
        operationId: getOrder
        responses:
          "200":
            description: The order.
            content:
              application/json:
                schema: { type: object, properties: { ${fields} } }
`;
    writeFileSync(join(dir, "refd-old.yaml"), refd("", "id: { type: string }, total: { type: number }"));
    writeFileSync(join(dir, "refd-new.yaml"), refd("required: true, ", "id: { type: string }"));
    const [before, now] = await Promise.all([
      analyzeSpec({ spec: join(dir, "refd-old.yaml") }),
      analyzeSpec({ spec: join(dir, "refd-new.yaml") }),
    ]);
    expect(diffSpecs(before, now).map((c) => `${c.kind} | ${c.pointer} | ${c.detail}`)).toEqual([
      "response-field-removed | /paths/~1orders~1{id}/get/responses/200/content/application~1json/schema/properties/total | response field `total` was removed",
      "parameter-required | /paths/~1orders~1{id}/parameters/1 | query parameter `expand` became required",
    ]);
  });
});

describe("outbound diff (CLI)", () => {
  it("prints a table, or JSON with --json, and exits 2 on a breaking change", () => {
    writeFileSync(join(dir, "cli-old.yaml"), spec());
    writeFileSync(
      join(dir, "cli-new.yaml"),
      spec((t) => t.replace("enum: [web, store, phone]", "enum: [web]")),
    );
    const table = spawnSync(process.execPath, [BIN, "diff", "cli-old.yaml", "cli-new.yaml"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect([table.status, table.stdout]).toEqual([
      2,
      `✗ cli-new.yaml: 1 breaking change
  KIND         OPERATION     POINTER                                             DETAIL
  enum-shrunk  POST /orders  /components/schemas/OrderCreate/properties/channel  enum lost "store", "phone"
`,
    ]);
    const json = spawnSync(process.execPath, [BIN, "diff", "--json", "cli-old.yaml", "cli-old.yaml"], {
      cwd: dir,
      encoding: "utf8",
    });
    expect([json.status, JSON.parse(json.stdout)]).toEqual([0, [{ spec: "cli-old.yaml", changes: [] }]]);
  }, 30_000);

  it("--base compares specs/<name>/ with a git revision", () => {
    const repo = makeTempDir("diff-repo");
    writeFileSync(join(repo, "pnpm-workspace.yaml"), "packages: []\n");
    cpSync(join(REPO_ROOT, "specs", "payments"), join(repo, "specs", "payments"), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", repo, "-c", "user.name=t", "-c", "user.email=t@example.com", ...args]);
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "base");
    writeFileSync(
      join(repo, "specs", "payments", "overlay.yaml"),
      "overlay: 1.0.0\ninfo: { title: t, version: '1' }\nactions:\n  - target: $.paths['/charges'].post.parameters\n    remove: true\n",
    );
    const run = spawnSync(process.execPath, [BIN, "diff", "--base", "HEAD", "--json", "payments"], {
      cwd: repo,
      encoding: "utf8",
    });
    removeTempDir(repo);
    expect([run.status, JSON.parse(run.stdout)]).toEqual([
      2,
      [
        {
          spec: "payments",
          changes: [
            {
              kind: "class-less-safe",
              operation: "POST /charges",
              pointer: "/paths/~1charges/post",
              detail: "class keyed became unsafe: POST is not idempotent and no idempotency key is declared",
            },
          ],
        },
      ],
    ]);
  }, 30_000);
});
