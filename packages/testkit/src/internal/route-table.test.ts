import { describe, expect, it } from "vitest";
import { buildRouteTable, matchRoute } from "./route-table.js";

const document = {
  openapi: "3.1.0",
  "x-outbound": { idempotencyKey: "X-Request-Key" },
  paths: {
    "/items/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      get: { operationId: "getItem", responses: {} },
      post: {
        operationId: "touchItem",
        parameters: [{ name: "idempotency-key", in: "header", schema: { type: "string" } }],
        responses: {},
      },
    },
    "/items/summary": { get: { operationId: "summary", responses: {} } },
    "/files/{name}.{ext}": { get: { responses: {} } },
  },
};

describe("route table", () => {
  const routes = buildRouteTable(document);

  it("orders literal templates first and keys routes as METHOD /template", () => {
    expect(routes.map((r) => r.key)).toEqual([
      "GET /items/summary",
      "GET /items/{id}",
      "POST /items/{id}",
      "GET /files/{name}.{ext}",
    ]);
  });

  it("matches literal before templated paths, decodes parameters, reports 405 with the allowed methods", () => {
    expect(matchRoute(routes, "GET", "/items/summary")).toMatchObject({
      kind: "found",
      route: { operationId: "summary" },
    });
    expect(matchRoute(routes, "GET", "/items/a%20b")).toMatchObject({
      kind: "found",
      route: { operationId: "getItem" },
      pathParams: { id: "a b" },
    });
    expect(matchRoute(routes, "GET", "/files/report.csv")).toMatchObject({
      kind: "found",
      pathParams: { name: "report", ext: "csv" },
    });
    expect(matchRoute(routes, "DELETE", "/items/1")).toEqual({ kind: "no-method", allowed: ["GET", "POST"] });
    expect(matchRoute(routes, "GET", "/items/1/extra")).toEqual({ kind: "no-path" });
  });

  it("finds the idempotency header: x-outbound (nearest level) wins over a parameter named Idempotency-Key", () => {
    expect(routes.find((r) => r.key === "POST /items/{id}")?.idempotencyHeader).toBe("x-request-key");
    const plain = buildRouteTable({ ...document, "x-outbound": undefined });
    expect(plain.find((r) => r.key === "POST /items/{id}")?.idempotencyHeader).toBe("idempotency-key");
    expect(plain.find((r) => r.key === "GET /items/{id}")?.idempotencyHeader).toBeUndefined();
  });

  it("merges path-level and operation-level parameters", () => {
    expect(
      routes.find((r) => r.key === "POST /items/{id}")?.parameters.map((p) => `${p.in}:${p.name}:${p.required}`),
    ).toEqual(["path:id:true", "header:idempotency-key:false"]);
  });
});
