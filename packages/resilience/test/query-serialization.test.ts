import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createQuerySerializer,
  createTransport,
  type QueryParameterStyle,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

/** Query arrays and objects follow each parameter's `style` and `explode` (OpenAPI 3.1 §4.8.12.4, its examples). */

const ids = [3, 4, 5];
const color = { R: 100, G: 200 };

describe("createQuerySerializer (the spec's style examples)", () => {
  it.each<[QueryParameterStyle | undefined, unknown, string]>([
    [{ style: "form", explode: true }, ids, "id=3&id=4&id=5"],
    [{ style: "form", explode: false }, ids, "id=3,4,5"],
    [{ style: "spaceDelimited", explode: false }, ids, "id=3%204%205"],
    [{ style: "pipeDelimited", explode: false }, ids, "id=3|4|5"],
    [{ style: "spaceDelimited", explode: true }, ids, "id=3&id=4&id=5"],
    [{ style: "form" }, ids, "id=3&id=4&id=5"],
    [{ style: "spaceDelimited" }, ids, "id=3%204%205"],
    [{}, ids, "id=3&id=4&id=5"],
    [undefined, ids, "id=3&id=4&id=5"],
    [{ style: "form", explode: false }, ["a,b", "c"], "id=a%2Cb,c"],
    [{ style: "pipeDelimited", explode: false }, ["a|b", "c"], "id=a%7Cb|c"],
    [{ style: "form", explode: true }, ["x&y=1", "#"], "id=x%26y%3D1&id=%23"],
    [{ style: "form", explode: true, allowReserved: true }, ["a/b:c", "#", "é"], "id=a/b:c&id=%23&id=%C3%A9"],
    [
      { style: "form", explode: true, allowReserved: true },
      ["?x@y!$'()*,;", "x+y&z=1", "[0]", "50%", "%2F"],
      "id=?x@y!$'()*,;&id=x%2By%26z%3D1&id=%5B0%5D&id=50%25&id=%2F",
    ],
    [{ style: "form", explode: false, allowReserved: true }, ["a/b", "c"], "id=a/b,c"],
    [{ style: "deepObject", explode: true, allowReserved: true }, { u: "a/b&c" }, "id[u]=a/b%26c"],
    [{ style: "form", explode: true }, [], ""],
    [{ style: "form", explode: true }, [1, null, undefined, 2], "id=1&id=2"],
    [{ style: "deepObject", explode: true }, color, "id[R]=100&id[G]=200"],
    [{ style: "form", explode: true }, color, "R=100&G=200"],
    [{ style: "form", explode: false }, color, "id=R,100,G,200"],
    [{ style: "pipeDelimited", explode: false }, color, "id=R|100|G|200"],
    [{}, color, "R=100&G=200"],
    [undefined, color, "id[R]=100&id[G]=200"],
    [{ style: "form" }, "a b&c", "id=a%20b%26c"],
    [undefined, true, "id=true"],
  ])("%j with %j → %s", (style, value, expected) => {
    const serialize = createQuerySerializer(style === undefined ? {} : { id: style });
    expect(serialize({ id: value })).toBe(expected);
  });

  it("serialises each parameter by its own style, in the query object's order, skipping undefined and null", () => {
    const serialize = createQuerySerializer({
      tags: { style: "pipeDelimited", explode: false },
      sku: { style: "form", explode: true },
    });
    expect(serialize({ tags: ["a", "b"], skip: undefined, sku: ["x", "y"], none: null, q: "z" })).toBe(
      "tags=a|b&sku=x&sku=y&q=z",
    );
  });
});

describe("on a real server through openapi-fetch and the operation's compiled query serializer", () => {
  const listItems = op("listItems", "GET", "/items", "idempotent", {
    query: {
      sku: { style: "form", explode: false },
      tag: { style: "pipeDelimited", explode: false },
      near: { style: "spaceDelimited", explode: false },
      filter: { style: "deepObject", explode: true },
    },
  });
  const transport = createTransport();
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer((req, res) => json(res, 200, { target: req.url }));
  });
  afterAll(async () => {
    await server.close();
    await transport.close();
  });

  it("sends the exact query string the spec's styles define, where openapi-fetch's default would differ", async () => {
    const downstream = createDownstream({ name: "items", transport }, [listItems]);
    const client = createClient({ baseUrl: server.url }) as unknown as {
      GET: (path: string, init: Record<string, unknown>) => Promise<{ data?: unknown }>;
    };
    const query = { sku: ["S-1", "S,2"], tag: ["new", "sale"], near: ["52.3", "4.9"], filter: { min: 1 }, id: [7, 8] };
    const serializer = downstream.operation(listItems).querySerializer;
    expect(downstream.operation(listItems).querySerializer).toBe(serializer);
    const result = await downstream.call(listItems, undefined, (fetch) =>
      client.GET("/items", { fetch, params: { query }, querySerializer: serializer }),
    );
    expect(result.data).toEqual({
      target: "/items?sku=S-1,S%2C2&tag=new|sale&near=52.3%204.9&filter[min]=1&id=7&id=8",
    });
    // openapi-fetch alone applies one array style to every parameter:
    const plain = await downstream.call(listItems, undefined, (fetch) =>
      client.GET("/items", { fetch, params: { query: { sku: ["S-1", "S-2"] } } }),
    );
    expect(plain.data).toEqual({ target: "/items?sku=S-1&sku=S-2" });
  });
});
