/**
 * Seen in cloudflare/mcp #196 + review notes on unread retry responses: every attempt rebuilds the request
 * from bytes read once; a failed attempt's body never holds a pooled socket.
 * Product decisions recorded here:
 * - The bound fetch reads openapi-fetch's Request once into bytes; each attempt sends the same bytes, the same
 *   Content-Type, the same Idempotency-Key.
 * - openapi-fetch middleware runs in openapi-fetch, around our fetch: once per LOGICAL call, not per attempt
 *   (the retry loop lives inside the fetch). Item 4 is asserted in that form: a middleware reading
 *   `request.clone().json()` does not disturb the body, and sees the full body.
 * - A caller-supplied ReadableStream body is detected through the Fetch standard (a stream-sourced body cannot
 *   make a `no-cors` Request), sent once, never retried; the 503 is returned as the value and onGiveUp reports
 *   reason "non-replayable-body".
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "../support/client.js";
import { op } from "../support/operations.js";
import { createDownstream, createTransport, type GiveUpEvent } from "../support/runtime.js";
import { json, startTestServer, type TestServer } from "../support/test-server.js";

const createUpload = op("createUpload", "POST", "/uploads", "keyed");
const transport = createTransport();
let server: TestServer;
/** Failures to send before the 201, per Idempotency-Key. */
let failuresPerCall = 1;
const perKey = new Map<string, number>();

beforeAll(async () => {
  server = await startTestServer((req, res, seen) => {
    const key = String(req.headers["idempotency-key"] ?? `anon-${server.requests.length}`);
    const count = (perKey.get(key) ?? 0) + 1;
    perKey.set(key, count);
    if (count <= failuresPerCall) {
      const body = "x".repeat(64 * 1024);
      res.writeHead(503, { "retry-after": "0", "content-type": "text/plain", "content-length": body.length });
      res.end(body);
      return;
    }
    const parsed = JSON.parse(seen.body.toString("utf8")) as { name: string };
    json(res, 201, { id: "u1", name: parsed.name, bytes: seen.body.length });
  });
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const uploadBody = {
  name: "report.csv",
  chunks: Array.from({ length: 2_000 }, (_, i) => `chunk-${String(i).padStart(4, "0")}`),
};
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function makeDownstream(hooks = {}, t = transport) {
  // Breaker at ratio 1: two of every three attempts fail by design here, which is not what this case is about.
  return createDownstream(
    {
      name: "replayed-body",
      transport: t,
      retry: { initialDelayMs: 10, maxDelayMs: 10, jitter: "none" },
      breaker: { failureRatio: 1 },
      hooks,
    },
    [createUpload],
  );
}

describe("POST /uploads: 503 (64 KiB body, Retry-After: 0) then 201", () => {
  it("resends byte-identical bodies with the same Content-Type, Content-Length and Idempotency-Key", async () => {
    const downstream = makeDownstream();
    const before = server.requests.length;
    const result = await downstream.call(createUpload, undefined, (fetch) =>
      looseClient(server.url).POST("/uploads", { body: uploadBody, fetch }),
    );
    const text = JSON.stringify(uploadBody);
    expect(text.length).toBeGreaterThan(20_000);
    expect(result.response.status).toBe(201);
    expect(result.data).toEqual({ id: "u1", name: "report.csv", bytes: Buffer.byteLength(text) });
    const [first, second] = server.requests.slice(before);
    expect(server.requests.length - before).toBe(2);
    expect([first?.sha256, second?.sha256]).toEqual([sha(text), sha(text)]);
    expect(second?.headers["content-type"]).toBe(first?.headers["content-type"]);
    expect(first?.headers["content-type"]).toBe("application/json");
    expect([first?.headers["content-length"], second?.headers["content-length"]]).toEqual([
      String(Buffer.byteLength(text)),
      String(Buffer.byteLength(text)),
    ]);
    expect(first?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.headers["idempotency-key"]).toBe(first?.headers["idempotency-key"]);
  });

  it("works the same through a middleware that reads request.clone().json() (once per logical call)", async () => {
    const downstream = makeDownstream();
    const client = looseClient(server.url);
    const seenByMiddleware: unknown[] = [];
    client.use({
      async onRequest({ request }) {
        seenByMiddleware.push(await request.clone().json());
        return undefined;
      },
    });
    const before = server.requests.length;
    const result = await downstream.call(createUpload, { idempotencyKey: "fixed-key-1" }, (fetch) =>
      client.POST("/uploads", { body: uploadBody, fetch }),
    );
    expect(result.response.status).toBe(201);
    expect(seenByMiddleware).toEqual([uploadBody]);
    expect(server.requests.slice(before).map((r) => [r.headers["idempotency-key"], r.sha256])).toEqual([
      ["fixed-key-1", sha(JSON.stringify(uploadBody))],
      ["fixed-key-1", sha(JSON.stringify(uploadBody))],
    ]);
  });

  it("never retries a caller's ReadableStream body: 1 request, the 503 surfaces, reason non-replayable-body", async () => {
    const giveUps: GiveUpEvent[] = [];
    const downstream = makeDownstream({ onGiveUp: (event: GiveUpEvent) => giveUps.push(event) });
    const before = server.requests.length;
    const bytes = new TextEncoder().encode(JSON.stringify(uploadBody));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const response = await downstream.call(createUpload, undefined, (fetch) =>
      fetch(
        new Request(`${server.url}/uploads`, {
          method: "POST",
          body: stream,
          duplex: "half",
          headers: { "content-type": "application/json" },
        } as RequestInit),
      ),
    );
    expect(response.status).toBe(503);
    expect(server.requests.length - before).toBe(1);
    expect(server.requests.at(-1)?.sha256).toBe(sha(JSON.stringify(uploadBody)));
    expect(giveUps.map((e) => [e.reason, e.attempts, e.failure.status])).toEqual([["non-replayable-body", 1, 503]]);
  });
});

describe("pool of 1 keep-alive connection", () => {
  it("completes 25 calls of 503, 503, 201 (64 KiB error bodies) within 10 s and leaves <= 1 socket open", async () => {
    failuresPerCall = 2;
    const single = createTransport({ connections: 1, keepAliveTimeoutMs: 10_000 });
    const downstream = makeDownstream({}, single);
    const before = server.requests.length;
    // Sockets of the earlier tests' transport are not this pool's; only sockets opened from here on count.
    const earlierSockets = new Set(server.openSockets);
    const started = performance.now();
    for (let i = 0; i < 25; i += 1) {
      const result = await downstream.call(createUpload, undefined, (fetch) =>
        looseClient(server.url).POST("/uploads", { body: uploadBody, fetch }),
      );
      expect(result.response.status).toBe(201);
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(server.requests.length - before).toBe(75);
    expect(new Set(server.requests.slice(before).map((r) => r.remotePort)).size).toBe(1);
    expect([...server.openSockets].filter((socket) => !earlierSockets.has(socket)).length).toBeLessThanOrEqual(1);
    await single.close();
    failuresPerCall = 1;
  });
});
