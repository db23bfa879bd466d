/**
 * A path key that carries a query (`/things?beta=true`, as some real specs write): the literal query is sent as
 * written, the operation's own query parameters after it, through generated methods and path-based calls alike.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

interface paths {
  "/things?beta=true": {
    get: {
      parameters: { query?: { limit?: number; tag?: string[] } };
      responses: { 200: { content: { "application/json": { url: string } } } };
    };
  };
  "/things/{id}?view=full": {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": { url: string } } } };
    };
  };
}

interface Ops {
  readonly listBetaThings: {
    readonly path: "/things?beta=true";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
  };
  readonly getFullThing: {
    readonly path: "/things/{id}?view=full";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
  };
}

const operations = defineOperations({
  listBetaThings: {
    operationId: "listBetaThings",
    method: "GET",
    path: "/things?beta=true",
    class: "idempotent",
    query: { tag: { style: "form", explode: false } },
  },
  getFullThing: { operationId: "getFullThing", method: "GET", path: "/things/{id}?view=full", class: "idempotent" },
});

const transport = createTransport();
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer((req, res) => json(res, 200, { url: req.url }));
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const client = () =>
  createOperationClient<paths, Ops>(
    { baseUrl: `${server.url}/v1`, transport },
    { name: "things", auth: [] },
    operations,
  );

describe("a path key with a query", () => {
  it("sends the literal query alone, then with the operation's query parameters after it", async () => {
    expect((await client().listBetaThings()).data).toEqual({ url: "/v1/things?beta=true" });
    const both = await client().listBetaThings({ params: { query: { limit: 5, tag: ["a", "b"] } } });
    expect(both.data).toEqual({ url: "/v1/things?beta=true&limit=5&tag=a,b" });
    expect(server.requests.at(-1)?.url).toBe("/v1/things?beta=true&limit=5&tag=a,b");
  });

  it("fills path parameters before the literal query", async () => {
    const { data } = await client().getFullThing({ params: { path: { id: "a/b" } } });
    expect(data).toEqual({ url: "/v1/things/a%2Fb?view=full" });
  });

  it("keeps the literal query first with a call's own querySerializer", async () => {
    const { data } = await client().listBetaThings({
      params: { query: { tag: ["a", "b"] } },
      querySerializer: { array: { style: "pipeDelimited", explode: false } },
    });
    expect(data).toEqual({ url: "/v1/things?beta=true&tag=a|b" });
  });

  it("serves path-based calls of the same key", async () => {
    const { data } = await client().raw.GET("/things?beta=true", { params: { query: { limit: 2 } } });
    expect(data).toEqual({ url: "/v1/things?beta=true&limit=2" });
  });
});
