/**
 * Content codings on real sockets: what the client asks for, exact decoding of gzip, deflate and br, a decoded-size
 * cap that stops a compression bomb as it inflates (and closes its socket), and corrupt codings as typed errors.
 */
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createTransport,
  DEFAULT_RESILIENCE_OPTIONS,
  InvalidOptionsError,
  isResponseParseError,
  isResponseTooLargeError,
} from "./support/runtime.js";
import { startTestServer, type TestServer } from "./support/test-server.js";

const MiB = 1024 * 1024;
const transport = createTransport();
const getThing = op("getThing", "GET", "/things/{id}", "idempotent");
const PAYLOAD = JSON.stringify({ word: "compressed ".repeat(2_000) });
/** 256 MiB of zeros, gzip-compressed to about 255 KiB: the bomb from the field report. */
const BOMB = gzipSync(Buffer.alloc(256 * MiB), { level: 9 });
const ENCODED: Record<string, Buffer> = {
  gzip: gzipSync(PAYLOAD),
  deflate: deflateSync(PAYLOAD),
  br: brotliCompressSync(PAYLOAD),
  bomb: BOMB,
  corrupt: Buffer.concat([gzipSync(PAYLOAD).subarray(0, 10), Buffer.from("not deflate data at all")]),
  truncated: gzipSync(PAYLOAD).subarray(0, 40),
};
let server: TestServer;
let closedSockets = 0;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const name = req.url?.split("/").at(-1) ?? "";
    if (name === "bomb")
      req.socket.once("close", () => {
        closedSockets += 1;
      });
    if (name === "plain") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(PAYLOAD);
      return;
    }
    const body = ENCODED[name] ?? Buffer.alloc(0);
    const coding = name === "bomb" || name === "corrupt" || name === "truncated" ? "gzip" : name;
    res.writeHead(200, { "content-type": "application/json", "content-encoding": coding });
    res.end(body);
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function get(name: string, options: Parameters<typeof createDownstream>[0] | undefined = undefined) {
  const downstream = createDownstream(options ?? { name: "things", transport, retry: { maxAttempts: 1 } }, [getThing]);
  return (callOptions?: { maxDecodedBodyBytes?: number; headers?: Record<string, string> }) =>
    downstream.call(getThing, callOptions, (fetch) => fetch(new Request(`${server.url}/things/${name}`)));
}

describe("Accept-Encoding", () => {
  it("asks for exactly the codings the transport decodes, unless the caller set one", async () => {
    await (await get("plain")()).text();
    expect(server.requests.at(-1)?.headers["accept-encoding"]).toBe("gzip, deflate, br");
    await (await get("plain")({ headers: { "Accept-Encoding": "identity" } })).text();
    expect(server.requests.at(-1)?.headers["accept-encoding"]).toBe("identity");
  });
});

describe("decoding", () => {
  it.each(["gzip", "deflate", "br"])("decodes a %s body exactly", async (coding) => {
    const response = await get(coding)();
    expect(await response.text()).toBe(PAYLOAD);
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(PAYLOAD)));
  });

  it.each([
    ["corrupt", "Z_DATA_ERROR"],
    ["truncated", "Z_BUF_ERROR"],
  ])("turns a %s gzip body into RESPONSE_PARSE naming the coding", async (name, zlibCode) => {
    const error: unknown = await get(name)().catch((e: unknown) => e);
    expect(isResponseParseError(error)).toBe(true);
    expect(isResponseParseError(error) && [error.status, error.outcome, error.retryable, error.attempts]).toEqual([
      200,
      "answered",
      false,
      1,
    ]);
    expect((error as Error).message).toBe(
      `things getThing: response body could not be parsed (HTTP 200): its content-encoding gzip is corrupt or truncated (${zlibCode}); the downstream sent a broken body, report it to its owners`,
    );
  });
});

describe("the decoded-size cap", () => {
  it("defaults to 64 MiB", () => {
    expect(DEFAULT_RESILIENCE_OPTIONS.maxDecodedBodyBytes).toBe(64 * MiB);
  });

  it("stops a gzip bomb near the client's cap, typed, not retried, and closes its socket", async () => {
    const requestsBefore = server.requests.length;
    const closedBefore = closedSockets;
    const call = get("bomb", { name: "things", transport, maxDecodedBodyBytes: MiB });
    const error: unknown = await call().catch((e: unknown) => e);
    expect(BOMB.length).toBeLessThan(300 * 1024);
    expect(isResponseTooLargeError(error)).toBe(true);
    if (!isResponseTooLargeError(error)) return;
    expect([error.code, error.status, error.maxBytes, error.encoding, error.retryable, error.outcome]).toEqual([
      "RESPONSE_TOO_LARGE",
      200,
      MiB,
      "gzip",
      false,
      "answered",
    ]);
    // Decoding stopped at the cap: one decoded chunk (zlib's 16 KiB) past it at most, not the bomb's 256 MiB.
    expect(error.receivedBytes).toBeGreaterThan(MiB);
    expect(error.receivedBytes).toBeLessThanOrEqual(MiB + 64 * 1024);
    expect(error.message).toBe(
      `things getThing: HTTP 200 body is larger than ${MiB} bytes once gzip-decoded; reading stopped and the connection was closed. Raise maxDecodedBodyBytes (client or call option) if the answer is expected to be this large`,
    );
    expect(server.requests.length - requestsBefore).toBe(1);
    await expect.poll(() => closedSockets - closedBefore).toBe(1);
  });

  it("applies a per-call cap over the client's, to unencoded bodies too", async () => {
    const length = Buffer.byteLength(PAYLOAD);
    const small: unknown = await get("plain")({ maxDecodedBodyBytes: length - 1 }).catch((e: unknown) => e);
    expect(isResponseTooLargeError(small) && [small.maxBytes, small.receivedBytes, small.encoding]).toEqual([
      length - 1,
      length,
      undefined,
    ]);
    const exact = await get("gzip")({ maxDecodedBodyBytes: length });
    expect(await exact.text()).toBe(PAYLOAD);
  });

  it("refuses a cap that is not a positive integer, at construction and per call", async () => {
    expect(() => createDownstream({ name: "things", maxDecodedBodyBytes: 0 }, [getThing])).toThrow(InvalidOptionsError);
    const error: unknown = await get("plain")({ maxDecodedBodyBytes: 1.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionsError);
    expect((error as Error).message).toContain("callOptions.maxDecodedBodyBytes");
  });
});
