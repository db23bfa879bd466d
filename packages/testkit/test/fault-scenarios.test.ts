import { createHash } from "node:crypto";
import { Agent, request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultPlan, startTestServer, type TestServer } from "../src/index.js";
import { fixture, rawExchange, until, withoutDate } from "./helpers.js";

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function fixtureServer(file: string, faults: Record<string, FaultPlan> = {}): Promise<TestServer> {
  const server = await startTestServer({ spec: fixture(file), faults });
  servers.push(server);
  return server;
}

const keepAlive = "Date: <date>\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n\r\n";
const touch = "POST /sessions/s1/touch HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
const session = '{"id":"s1","expiresAt":"2030-01-01T00:00:00Z"}';

describe("empty and short JSON bodies, each framing exactly on the wire", () => {
  it.each([
    [
      "200, chunked, no body",
      { kind: "empty-body", framing: "chunked", status: 200 },
      touch,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${keepAlive}0\r\n\r\n`,
    ],
    [
      "200, Content-Length: 0",
      { kind: "empty-body", framing: "content-length-zero", status: 200 },
      touch,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 0\r\n${keepAlive}`,
    ],
    [
      "202, no body, delimited by closing the connection",
      { kind: "empty-body", framing: "close-delimited", status: 202 },
      touch,
      "HTTP/1.1 202 Accepted\r\ncontent-type: application/json\r\nconnection: close\r\nDate: <date>\r\n\r\n",
    ],
    [
      "200, chunked JSON without Content-Length",
      { kind: "respond", status: 200, body: JSON.parse(session), framing: "chunked" },
      touch,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${keepAlive}2e\r\n${session}\r\n0\r\n\r\n`,
    ],
    [
      "200, chunked, truncated JSON",
      { kind: "malformed-json", status: 200, framing: "chunked" },
      touch,
      `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n${keepAlive}6\r\n{"id":\r\n0\r\n\r\n`,
    ],
  ] as const)("%s: exact bytes, one request", async (_framing, fault, raw, expected) => {
    const server = await fixtureServer("empty-json-bodies.yaml", {
      touchSession: { mode: "script", steps: [fault] },
    });
    const { bytes } = await rawExchange(server.port, raw);
    expect(withoutDate(bytes)).toBe(expected);
    expect(server.requests.length).toBe(1);
  });

  it("DELETE answered per the spec's 204, with neither Content-Type nor Content-Length", async () => {
    const server = await fixtureServer("empty-json-bodies.yaml");
    const { bytes } = await rawExchange(server.port, "DELETE /sessions/s1 HTTP/1.1\r\nHost: x\r\n\r\n");
    expect(withoutDate(bytes)).toBe(`HTTP/1.1 204 No Content\r\n${keepAlive}`);
  });
});

describe("a script of failures then a pass, replaced while the server runs", () => {
  it("15 × 503 {busy:true} then 200; after setFaultPlan and reset, 503, 503, 200 looping", async () => {
    const busy = { kind: "respond", status: 503, body: { busy: true } } as const;
    const server = await fixtureServer("flaky-endpoint.yaml", {
      getFlaky: { mode: "script", steps: [{ times: 15, fault: busy }] },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await fetch(`${server.url}/flaky`)).status);
    expect(statuses).toEqual([...Array<number>(15).fill(503), 200]);
    server.setFaultPlan("getFlaky", { mode: "script", steps: [busy, busy, { kind: "pass" }], loop: true });
    server.reset();
    const looping: number[] = [];
    for (let i = 0; i < 6; i++) looping.push((await fetch(`${server.url}/flaky`)).status);
    expect(looping).toEqual([503, 503, 200, 503, 503, 200]);
    expect(server.requests.length).toBe(6);
  });
});

describe("per logical call 503 (Retry-After: 0, 64 KiB text) then 201, on one keep-alive socket", () => {
  it("answers per Idempotency-Key, records body hashes, content headers and client sockets", async () => {
    const server = await fixtureServer("uploads.yaml", {
      createUpload: {
        mode: "script",
        countBy: "idempotency-key",
        steps: [{ kind: "respond", status: 503, retryAfter: { seconds: 0 }, bodyText: "x".repeat(64 * 1024) }],
      },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({
      name: "report.csv",
      chunks: Array.from({ length: 20 }, (_, i) => String(i).repeat(1000)),
    });
    const post = (key: string) =>
      new Promise<{ status: number; length: number; retryAfter: string | undefined }>((resolve, reject) => {
        const req = request(
          `${server.url}/uploads`,
          { method: "POST", agent, headers: { "content-type": "application/json", "idempotency-key": key } },
          (res) => {
            let length = 0;
            res.on("data", (c: Buffer) => {
              length += c.length;
            });
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, length, retryAfter: res.headers["retry-after"] }),
            );
          },
        );
        req.on("error", reject);
        req.end(body);
      });
    expect(await post("u-1")).toEqual({ status: 503, length: 65_536, retryAfter: "0" });
    const created = await post("u-1");
    expect(created.status).toBe(201);
    expect(await post("u-2")).toMatchObject({ status: 503 });
    const hashes = server.requests.map((r) => createHash("sha256").update(r.body).digest("hex"));
    expect(new Set(hashes).size).toBe(1);
    expect(
      server.requests.map((r) => [
        r.headers["content-type"],
        r.headers["content-length"],
        r.idempotencyKey,
        r.socketId,
      ]),
    ).toEqual([
      ["application/json", String(body.length), "u-1", 1],
      ["application/json", String(body.length), "u-1", 1],
      ["application/json", String(body.length), "u-2", 1],
    ]);
    expect(server.openSockets()).toBe(1);
    expect(server.ledger.entries.map((e) => [e.idempotencyKey, (e.responseBody as { name: string }).name])).toEqual([
      ["u-1", "report.csv"],
    ]);
    agent.destroy();
    await until(() => server.openSockets() === 0);
  });
});
