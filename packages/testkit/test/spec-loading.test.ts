import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { isTestkitError, startTestServer } from "../src/index.js";
import { resolveRef } from "../src/internal/json-pointer.js";
import { loadSpec } from "../src/internal/load-spec.js";
import { buildRouteTable } from "../src/internal/route-table.js";
import { createSchemaValidator } from "../src/internal/schema-validator.js";
import { documentedResponse } from "../src/internal/spec-responses.js";
import { fixture, specOf } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "testkit-spec-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function loadError(spec: string): Promise<{ code: string; message: string }> {
  try {
    await startTestServer({ spec });
  } catch (error) {
    if (isTestkitError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the spec to be rejected");
}

describe("loading", () => {
  it("names a missing file and the fix", async () => {
    const missing = join(dir, "nope.yaml");
    expect(await loadError(missing)).toEqual({
      code: "SPEC_LOAD",
      message: `Spec file not found: ${missing}. Pass the path of an OpenAPI 3.x YAML or JSON file (relative paths resolve from ${process.cwd()}).`,
    });
  });

  it("rejects Swagger 2.0 with the fix", async () => {
    const file = join(dir, "swagger.yaml");
    writeFileSync(file, "swagger: '2.0'\ninfo: { title: t, version: '1' }\npaths: {}\n");
    expect(await loadError(file)).toEqual({
      code: "SPEC_INVALID",
      message: `${file} is Swagger 2.0; the testkit serves OpenAPI 3.0 or 3.1. Convert it (e.g. with swagger2openapi) first.`,
    });
  });

  it("names the file, line and pointer of a broken $ref", async () => {
    const file = join(dir, "broken.yaml");
    writeFileSync(
      file,
      "openapi: 3.1.0\ninfo: { title: t, version: '1' }\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: './missing.yaml#/Thing'\n",
    );
    const { code, message } = await loadError(file);
    expect(code).toBe("SPEC_LOAD");
    expect(message).toContain(
      `Cannot bundle spec ${file}:\n${file}:8 (#/paths/~1a/get/responses/200): Can't resolve $ref`,
    );
    expect(message).toMatch(/Fix the \$ref targets above\.$/);
  });

  it("bundles the two-file payments spec (external $ref into schemas.yaml)", async () => {
    const spec = await loadSpec(specOf("payments"));
    expect(Object.keys((spec.document.components as { schemas: object }).schemas).sort()).toEqual([
      "Charge",
      "ChargeCreate",
      "ChargeEvent",
      "ChargeList",
      "Currency",
      "Metadata",
      "Problem",
      "Refund",
      "RefundCreate",
    ]);
  });

  it("serves an inline document", async () => {
    const server = await startTestServer({
      spec: {
        openapi: "3.1.0",
        info: { title: "t", version: "1" },
        paths: {
          "/ping": {
            get: {
              responses: {
                "200": { description: "ok", content: { "application/json": { schema: { const: "pong" } } } },
              },
            },
          },
        },
      },
    });
    const response = await fetch(`${server.url}/ping`);
    expect(await response.json()).toBe("pong");
    await server.close();
  });

  it("loads and serves every spec fixture of the repo's tests, each with its routes, literal paths first", async () => {
    const codegenFixture = (file: string): string =>
      fileURLToPath(new URL(`../../codegen/test/fixtures/${file}`, import.meta.url));
    const specs: [string, string[]][] = [
      [fixture("empty-json-bodies.yaml"), ["POST /sessions/{sessionId}/touch", "DELETE /sessions/{sessionId}"]],
      [fixture("flaky-endpoint.yaml"), ["GET /flaky"]],
      [fixture("uploads.yaml"), ["POST /uploads"]],
      [codegenFixture("typed-additional-properties.yaml"), ["GET /ledgers/{ledgerId}"]],
      [codegenFixture("nullable-enums-3.0.yaml"), ["GET /jobs/{jobId}"]],
      [codegenFixture("nullable-enums-3.1.yaml"), ["GET /jobs/{jobId}"]],
      [codegenFixture("enum-values-not-identifiers.yaml"), ["POST /search"]],
      [codegenFixture("comment-terminators-in-text.yaml"), ["GET /jobs"]],
      [
        codegenFixture("operation-ids-not-identifiers.yaml"),
        [
          "GET /items",
          "POST /items",
          "GET /meta/proto",
          "GET /meta/ctor",
          "POST /zones/{zoneId}/secondary",
          "GET /items/{id}",
          "DELETE /items/{id}",
          "POST /items/{id}/copy",
          "POST /items/{id}/clone",
        ],
      ],
    ];
    for (const [spec, routes] of specs) {
      const server = await startTestServer({ spec });
      expect([spec, server.routes]).toEqual([spec, routes]);
      await server.close();
    }
  });
});

describe("the three downstream specs", () => {
  for (const name of ["payments", "inventory", "notifications"]) {
    it(`${name}: every documented response example is valid for its schema`, async () => {
      const spec = await loadSpec(specOf(name));
      const validator = createSchemaValidator(spec.document);
      let checked = 0;
      for (const route of buildRouteTable(spec.document)) {
        for (const status of [200, 201, 202, 400, 402, 404, 409, 422, 429, 500, 503]) {
          const response = documentedResponse(spec.document, route, status);
          if (response?.mediaType === undefined) continue;
          // A streamed answer's array example lends its elements to the events in turn: each must fit the schema
          // (the example may come as its JSON text, the SSE media type being text).
          const sse = /^text\/event-stream\b/.test(response.mediaType);
          const body: unknown = sse && typeof response.body === "string" ? JSON.parse(response.body) : response.body;
          for (const example of sse && Array.isArray(body) ? body : [body]) {
            expect(
              validator.validate(responseSchemaPointer(spec.document, route.pointer, status), example, "example"),
              `${route.key} ${status}`,
            ).toEqual([]);
          }
          checked++;
        }
      }
      expect(checked).toBeGreaterThanOrEqual(6);
    });
  }

  it("answers the happy path of every operation with bodies valid for the documented schemas", async () => {
    const check = async (name: string, calls: [string, string, string, unknown, number][]) => {
      const spec = await loadSpec(specOf(name));
      const validator = createSchemaValidator(spec.document);
      const routes = buildRouteTable(spec.document);
      const server = await startTestServer({ spec: specOf(name) });
      for (const [routeKey, method, path, body, status] of calls) {
        const headers: Record<string, string> = {
          "content-type": "application/json",
          "idempotency-key": `key-${path}`,
        };
        const response = await fetch(`${server.url}${path}`, {
          method,
          headers,
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(response.status, `${method} ${path}`).toBe(status);
        const route = routes.find((r) => r.key === routeKey);
        if (status === 204 || route === undefined) continue;
        const errors = validator.validate(
          responseSchemaPointer(spec.document, route.pointer, status),
          await response.json(),
          "response",
        );
        expect(errors, `${method} ${path}`).toEqual([]);
      }
      expect(server.requests.every((r) => r.validationErrors.length === 0)).toBe(true);
      await server.close();
    };
    const charge = {
      amount: 4999,
      currency: "eur",
      customerId: "cus_8f2k1",
      paymentMethod: "pm_card_visa",
      metadata: { orderId: "ord_1" },
    };
    await check("payments", [
      ["POST /charges", "POST", "/charges", charge, 201],
      ["GET /charges/{chargeId}", "GET", "/charges/ch_000001", undefined, 200],
      ["POST /charges/{chargeId}/refunds", "POST", "/charges/ch_000001/refunds", { amount: 100 }, 201],
    ]);
    await check("inventory", [
      [
        "PUT /reservations/{reservationId}",
        "PUT",
        "/reservations/res_1",
        { orderId: "o", items: [{ sku: "SKU-1001", quantity: 1 }] },
        200,
      ],
      ["GET /stock/{sku}", "GET", "/stock/SKU-1001", undefined, 200],
      ["DELETE /reservations/{reservationId}", "DELETE", "/reservations/res_1", undefined, 204],
    ]);
    await check("notifications", [
      ["POST /messages", "POST", "/messages", { channel: "email", to: "ada@example.com", body: "Hi" }, 202],
    ]);
  });
});

/** Pointer of the schema of a documented response (following a `$ref` to components/responses). */
function responseSchemaPointer(document: unknown, operationPointer: string, status: number): string {
  const resolved = resolveRef(document, `${operationPointer}/responses/${status}`);
  if (resolved === undefined) throw new Error(`no response ${status} at ${operationPointer}`);
  const mediaType = Object.keys(resolved.node.content as object)[0] ?? "";
  return `${resolved.pointer}/content/${mediaType.replaceAll("/", "~1")}/schema`;
}
