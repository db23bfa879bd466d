import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import { createDownstream, createTransport } from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

/**
 * Redirect policy: never followed. A 3xx comes back as a value (status and Location), is not retried and is not a
 * breaker failure. Following it would resend the credentials and the Idempotency-Key to whatever `Location` names.
 */

const TOKEN = "canary-redirect-token";
const createCharge = op("createCharge", "POST", "/charges/{scenario}", "keyed");
const getCharge = op("getCharge", "GET", "/charges/{scenario}", "idempotent");
const transport = createTransport();
let origin: TestServer;
let elsewhere: TestServer;

beforeAll(async () => {
  elsewhere = await startTestServer((_req, res) => json(res, 200, { stolen: true }));
  origin = await startTestServer((req, res) => {
    const [, , scenario = ""] = (req.url ?? "").split("/");
    const [kind, status] = scenario.split("-");
    if (kind === "away") res.writeHead(Number(status), { location: `${elsewhere.url}/collect`, "content-length": 0 });
    else if (kind === "same") res.writeHead(Number(status), { location: "/charges/ok", "content-length": 0 });
    else return json(res, 201, { id: "ch_1" });
    res.end();
  });
});
afterAll(async () => {
  await origin.close();
  await elsewhere.close();
  await transport.close();
});

function client() {
  const downstream = createDownstream({ name: "payments", transport }, [createCharge, getCharge]);
  const plain = createClient({ baseUrl: origin.url });
  plain.use({
    onRequest: ({ request }) => {
      request.headers.set("authorization", `Bearer ${TOKEN}`);
      return request;
    },
  });
  type Loose = {
    request: (method: string, path: string, init: Record<string, unknown>) => Promise<{ response: Response }>;
  };
  // `request` goes inside downstream.call (which binds the fetch); `raw` is the path-based client, a call per request.
  const raw = downstream.pathClient(plain) as unknown as Loose;
  return { downstream, request: (plain as unknown as Loose).request, raw: raw.request };
}

describe("redirects are returned as values, never followed", () => {
  it.each([301, 302, 303, 307, 308])(
    "keyed POST answered %i to another origin: one request, nothing reaches the other origin",
    async (status) => {
      const { downstream, request } = client();
      const before = origin.requests.length;
      const result = await downstream.call(createCharge, { idempotencyKey: "key-1" }, (fetch) =>
        request("POST", "/charges/{scenario}", {
          fetch,
          params: { path: { scenario: `away-${status}` } },
          body: { amount: 1 },
        }),
      );
      expect([result.response.status, result.response.headers.get("location")]).toEqual([
        status,
        `${elsewhere.url}/collect`,
      ]);
      expect(origin.requests.length - before).toBe(1);
      expect(origin.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(origin.requests.at(-1)?.headers["idempotency-key"]).toBe("key-1");
      expect(elsewhere.requests).toHaveLength(0);
      expect(downstream.breakerSnapshot()).toMatchObject({ state: "closed", calls: 1, failures: 0 });
    },
  );

  it("a same-origin 307 is not followed either (path-based call through pathClient)", async () => {
    const { raw } = client();
    const before = origin.requests.length;
    const result = await raw("GET", "/charges/{scenario}", { params: { path: { scenario: "same-307" } } });
    expect([result.response.status, result.response.headers.get("location")]).toEqual([307, "/charges/ok"]);
    expect(origin.requests.slice(before).map((r) => r.url)).toEqual(["/charges/same-307"]);
    expect(elsewhere.requests).toHaveLength(0);
  });
});
