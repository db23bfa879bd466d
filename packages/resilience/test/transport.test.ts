/** The pooled transport through a call on real sockets: Request classes, decoding, secrets, close. */
import { gzipSync } from "node:zlib";
import { Request as UndiciRequest } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import {
  closeDefaultTransport,
  createDownstream,
  createTransport,
  getDefaultTransport,
  InvalidOptionsError,
  isOutboundError,
  isTimeoutError,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

const SECRET = "Bearer sk_live_do_not_leak";
const transport = createTransport();
const getThing = op("getThing", "GET", "/things/{id}", "idempotent");
const createThing = op("createThing", "POST", "/things", "keyed");
const operations = [getThing, createThing];
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res, seen) => {
    if (req.url === "/things/gz") {
      const body = gzipSync(JSON.stringify({ zipped: true }));
      res.writeHead(200, {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "content-length": body.length,
      });
      res.end(body);
    } else if (req.url?.startsWith("/things/hang")) {
      return;
    } else {
      json(res, req.method === "POST" ? 201 : 200, { method: req.method, echo: seen.body.toString("utf8") });
    }
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

describe("a call's fetch", () => {
  it("accepts the npm undici package's Request as well as the global one", async () => {
    const downstream = createDownstream({ name: "things", transport }, operations);
    const viaUndici = await downstream.call(createThing, undefined, (fetch) =>
      fetch(new UndiciRequest(`${server.url}/things`, { method: "POST", body: "from-undici" }) as unknown as Request),
    );
    const viaGlobal = await downstream.call(createThing, undefined, (fetch) =>
      fetch(new Request(`${server.url}/things`, { method: "POST", body: "from-global" })),
    );
    expect([viaUndici.status, await viaUndici.json()]).toEqual([201, { method: "POST", echo: "from-undici" }]);
    expect([viaGlobal.status, await viaGlobal.json()]).toEqual([201, { method: "POST", echo: "from-global" }]);
    // A keyed operation: an Idempotency-Key was attached.
    expect(server.requests.at(-1)?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("drops connection-level request headers and a stale Content-Length instead of failing the call", async () => {
    const downstream = createDownstream({ name: "things", transport }, operations);
    const request = new Request(`${server.url}/things`, {
      method: "POST",
      body: "exact",
      headers: { connection: "upgrade", "content-length": "999", "x-kept": "yes" },
    });
    const response = await downstream.call(createThing, undefined, (fetch) => fetch(request));
    expect([response.status, await response.json()]).toEqual([201, { method: "POST", echo: "exact" }]);
    const seen = server.requests.at(-1);
    expect([seen?.headers["content-length"], seen?.headers["x-kept"], seen?.headers.connection]).toEqual([
      "5",
      "yes",
      "keep-alive",
    ]);
  });

  it("serves openapi-fetch path-based calls and decodes gzip bodies inside the attempt", async () => {
    const downstream = createDownstream({ name: "things", transport }, operations);
    const client = looseClient(server.url);
    const result = await downstream.call(operations[0] ?? op("x", "GET", "/", "idempotent"), undefined, (fetch) =>
      client.GET("/things/gz", { fetch }),
    );
    expect(result.data).toEqual({ zipped: true });
    expect(result.response.headers.get("content-encoding")).toBeNull();
  });
});

describe("secrets", () => {
  it("never puts a secret header or query value into an error message, its fields or hooks", async () => {
    const seen: unknown[] = [];
    const downstream = createDownstream(
      {
        name: "things",
        transport,
        attemptTimeoutMs: 50,
        retry: { maxAttempts: 1 },
        secretQueryParams: ["sig"],
        hooks: { onAttempt: (e) => seen.push(e), onGiveUp: (e) => seen.push(e) },
      },
      operations,
    );
    const error: unknown = await downstream
      .call(operations[0] ?? op("x", "GET", "/", "idempotent"), undefined, (fetch) =>
        fetch(new Request(`${server.url}/things/hang?sig=topsecret`, { headers: { authorization: SECRET } })),
      )
      .catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(true);
    const dump = JSON.stringify([error, (error as Error).message, (error as Error).stack, seen]);
    expect(dump).not.toContain("sk_live");
    expect(dump).not.toContain("topsecret");
    expect(isOutboundError(error) && error.message).toBe("things getThing: attempt 1 timed out after 50 ms");
  });
});

describe("transport lifecycle", () => {
  it("shares one default transport per process and replaces it after close()", async () => {
    const first = getDefaultTransport();
    expect(getDefaultTransport()).toBe(first);
    const downstream = createDownstream({ name: "things", retry: { maxAttempts: 1 } }, operations);
    const before = await downstream.call(getThing, undefined, (fetch) => fetch(new Request(`${server.url}/things/a`)));
    expect(before.status).toBe(200);
    await closeDefaultTransport();
    const second = getDefaultTransport();
    expect(second).not.toBe(first);
    const after = await downstream.call(getThing, undefined, (fetch) => fetch(new Request(`${server.url}/things/b`)));
    expect(after.status).toBe(200);
    await closeDefaultTransport();
  });

  it("rejects invalid transport options at construction", () => {
    expect(() => createTransport({ connectTimeoutMs: 0 })).toThrow(InvalidOptionsError);
    expect(() => createTransport({ connections: Number.NaN })).toThrow("Invalid option transport.connections");
  });
});
