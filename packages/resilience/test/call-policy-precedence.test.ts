/**
 * Which deadline a call runs under, as the server reads it (`x-outbound-timeout-ms`), on a real node:http server:
 * a call option over the operation's generated policy over the client's option; a call option left out, or given
 * as `null` (as the client options treat it), takes the next one; an invalid call value is refused by its name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import { createDownstream, createTransport, InvalidOptionsError } from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

const getItem = op("getItem", "GET", "/items/{id}", "idempotent", { timeout: { totalMs: 5_000 } });
const transport = createTransport();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((_req, res) => json(res, 200, { ok: true }));
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

/** The deadline the server was told for one call with `options`, in ms. */
async function deadlineSent(options: object | undefined): Promise<number> {
  const downstream = createDownstream({ name: "items", transport, totalTimeoutMs: 9_000 }, [getItem]);
  const response = await downstream.call(getItem, options as never, (fetch) =>
    fetch(new Request(`${server.url}/items/a1`)),
  );
  expect(response.status).toBe(200);
  return Number(server.requests.at(-1)?.headers["x-outbound-timeout-ms"]);
}

describe("the call's deadline", () => {
  it("is the call option over the operation's over the client's", async () => {
    const call = await deadlineSent({ totalTimeoutMs: 2_000 });
    expect(call).toBeGreaterThan(1_000);
    expect(call).toBeLessThanOrEqual(2_000);
    const operation = await deadlineSent(undefined);
    expect(operation).toBeGreaterThan(4_000);
    expect(operation).toBeLessThanOrEqual(5_000);
  });

  it("takes the operation's when the call gives null, as before", async () => {
    const sent = await deadlineSent({ totalTimeoutMs: null, attemptTimeoutMs: null });
    expect(sent).toBeGreaterThan(4_000);
    expect(sent).toBeLessThanOrEqual(5_000);
  });

  it("refuses an invalid call value by its name, nothing sent", async () => {
    const before = server.requests.length;
    const error = await deadlineSent({ totalTimeoutMs: -1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option: "totalTimeoutMs" });
    expect(server.requests.length).toBe(before);
  });
});

describe("an operation the downstream was not created with", () => {
  it("with an invalid generated policy: call() returns a rejected promise naming it, never throws, nothing sent", async () => {
    const downstream = createDownstream({ name: "items", transport }, [getItem]);
    const bad = op("getOther", "GET", "/other", "idempotent", { timeout: { totalMs: -1 } });
    const before = server.requests.length;
    let thrown: unknown;
    let returned: Promise<Response> | undefined;
    try {
      returned = downstream.call(bad, undefined, (fetch) => fetch(new Request(`${server.url}/other`)));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeUndefined();
    const error = await returned?.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect(error).toMatchObject({ option: "operations.getOther.timeout.totalMs" });
    expect(server.requests.length).toBe(before);
  });
});
