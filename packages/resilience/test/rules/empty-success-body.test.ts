/**
 * Seen in openapi-typescript #2574 (the runtime half): an empty 2xx body without Content-Length must resolve with
 * `data === undefined`, count as a success, and never be retried; truncated JSON is a typed RESPONSE_PARSE error.
 * Product decisions recorded here:
 * - The transport rebuilds the Response from the bytes it read and sets the true Content-Length (dropping
 *   Transfer-Encoding), so openapi-fetch sees `content-length: 0` for every empty variant (A, B, D); variant E
 *   (a middleware deleting content-length afterwards) goes through openapi-fetch's own empty-text path.
 * - A JSON SyntaxError thrown by openapi-fetch's parsing inside `run` becomes ResponseParseError (status 200),
 *   after the attempt already counted as a breaker success; it is not retried (the downstream did answer).
 */
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { createDownstream, createTransport, isResponseParseError } from "../support/runtime.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const touchSession = op("touchSession", "POST", "/sessions/{sessionId}/touch", "keyed");
const endSession = op("endSession", "DELETE", "/sessions/{sessionId}", "idempotent");
const transport = createTransport();
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer((req, res) => {
    const variant = new URL(req.url ?? "/", "http://x").searchParams.get("v");
    switch (variant) {
      case "A":
      case "E":
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        res.end();
        return;
      case "B":
        res.writeHead(200, { "content-type": "application/json", "content-length": "0" });
        res.end();
        return;
      case "C":
        res.writeHead(204);
        res.end();
        return;
      case "D": {
        // Close-delimited: no Content-Length, no Transfer-Encoding, the socket closes after the headers.
        const socket = req.socket as Socket;
        socket.end("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n");
        return;
      }
      case "F":
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        res.end('{"id":"s1","expiresAt":"2030-01-01T00:00:00Z"}');
        return;
      default:
        res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
        res.end('{"id":');
    }
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

function setup() {
  const downstream = createDownstream({ name: "empty-body", transport }, [touchSession, endSession]);
  const client = looseClient(server.url);
  return { downstream, client };
}

describe("empty success bodies", () => {
  it.each([
    ["A: 200 chunked, empty", "A", 200],
    ["B: 200 Content-Length: 0", "B", 200],
    ["D: 202 close-delimited, empty", "D", 202],
  ])("%s → data undefined, error undefined, 1 request, breaker success", async (_name, variant, status) => {
    const { downstream, client } = setup();
    const before = server.requests.length;
    const result = await downstream.call(touchSession, undefined, (fetch) =>
      client.POST(`/sessions/s1/touch?v=${variant}`, { fetch }),
    );
    expect([result.response.status, result.data, result.error]).toEqual([status, undefined, undefined]);
    expect(server.requests.length - before).toBe(1);
    expect(downstream.breakerSnapshot()).toEqual({ state: "closed", calls: 1, failures: 0, nextProbeAt: undefined });
  });

  it("C: 204 DELETE → data undefined", async () => {
    const { downstream, client } = setup();
    const result = await downstream.call(endSession, undefined, (fetch) =>
      client.DELETE("/sessions/s1?v=C", { fetch }),
    );
    expect([result.response.status, result.data, result.error]).toEqual([204, undefined, undefined]);
    expect(downstream.breakerSnapshot().calls).toBe(1);
  });

  it("E: a middleware strips content-length from the response → still data undefined", async () => {
    const { downstream, client } = setup();
    client.use({
      onResponse({ response }) {
        const headers = new Headers(response.headers);
        headers.delete("content-length");
        return new Response(response.body, { status: response.status, headers });
      },
    });
    const result = await downstream.call(touchSession, undefined, (fetch) =>
      client.POST("/sessions/s1/touch?v=E", { fetch }),
    );
    expect([result.response.status, result.response.headers.get("content-length"), result.data, result.error]).toEqual([
      200,
      null,
      undefined,
      undefined,
    ]);
  });
});

describe("non-empty bodies", () => {
  it("F: valid JSON without Content-Length parses", async () => {
    const { downstream, client } = setup();
    const result = await downstream.call(touchSession, undefined, (fetch) =>
      client.POST("/sessions/s1/touch?v=F", { fetch }),
    );
    expect(result.data).toEqual({ id: "s1", expiresAt: "2030-01-01T00:00:00Z" });
  });

  it("G: truncated JSON → ResponseParseError (status 200), 1 request, not retried", async () => {
    const { downstream, client } = setup();
    const before = server.requests.length;
    const error: unknown = await downstream
      .call(touchSession, undefined, (fetch) => client.POST("/sessions/s1/touch?v=G", { fetch }))
      .catch((e: unknown) => e);
    expect(isResponseParseError(error) && [error.code, error.status, error.attempts, error.retryable]).toEqual([
      "RESPONSE_PARSE",
      200,
      1,
      false,
    ]);
    expect(isResponseParseError(error) && error.cause instanceof SyntaxError).toBe(true);
    expect(server.requests.length - before).toBe(1);
  });
});
