/**
 * Streamed answers on a real node:http server: events delivered as they are written, the idle timeout after a
 * stall, a healthy stream outliving the attempt timeout, retries before the first event by class, nothing left
 * behind by an abandoned iterator.
 */
import type { ServerResponse } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTransport, isOutboundError } from "../support/runtime.js";
import { delay, startTestServer, type TestServer } from "../support/test-server.js";
import { activeTimers, eventually, sseEvent, streamClient } from "./stream-client.js";

const transport = createTransport();
let server: TestServer;
/** performance.now() at each write of the current stream. */
let written: number[] = [];

function openSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store" });
  res.flushHeaders();
}

beforeAll(async () => {
  server = await startTestServer(() => undefined);
});
afterEach(() => {
  written = [];
});
afterAll(async () => {
  await server.close();
  await transport.close();
});

const client = (options: object = {}) => streamClient(server.url, { transport, ...options });

describe("a streamed answer", () => {
  it("delivers each event as it is written, not when the body ends", async () => {
    server.handle(async (_req, res) => {
      openSse(res);
      for (let i = 1; i <= 5; i += 1) {
        await delay(100);
        written.push(performance.now());
        res.write(sseEvent({ id: String(i), event: "status", data: { n: i }, ...(i === 1 ? { retry: 2500 } : {}) }));
      }
      res.end();
    });
    const { data: stream, response } = await client().watch();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const received: { at: number; event: unknown }[] = [];
    for await (const event of stream ?? []) received.push({ at: performance.now(), event });
    expect(received.map((r) => r.event)).toEqual([
      { event: "status", data: { n: 1 }, id: "1", retry: 2500 },
      { event: "status", data: { n: 2 }, id: "2", retry: undefined },
      { event: "status", data: { n: 3 }, id: "3", retry: undefined },
      { event: "status", data: { n: 4 }, id: "4", retry: undefined },
      { event: "status", data: { n: 5 }, id: "5", retry: undefined },
    ]);
    // Event i arrives after its write and before the next one is written: one by one, as written.
    for (let i = 0; i < 5; i += 1) {
      expect(received[i]?.at).toBeGreaterThanOrEqual(written[i] ?? Number.NaN);
      if (i < 4) expect(received[i]?.at).toBeLessThan(written[i + 1] ?? Number.NaN);
    }
    expect(stream?.lastEventId).toBe("5");
    expect(stream?.eventsReceived).toBe(5);
  });

  it("parses WHATWG framing: CRLF and CR line ends, comments, multi-line data, a BOM, the default type", async () => {
    server.handle((_req, res) => {
      openSse(res);
      res.write("\uFEFF: hello\r\ndata: line one\r\ndata: line two\r\n\r\n");
      res.write("event: tick\rdata: x\r\r");
      res.end("data: unfinished");
    });
    const { data: stream } = await client().watchText();
    const events: unknown[] = [];
    for await (const event of stream ?? []) events.push(event);
    expect(events).toEqual([
      { event: "message", data: "line one\nline two", id: undefined, retry: undefined },
      { event: "tick", data: "x", id: undefined, retry: undefined },
    ]);
  });

  it("fails with STREAM_IDLE_TIMEOUT within its bound after a stall of 3 events, and closes the socket", async () => {
    let closedAt: number | undefined;
    server.handle((_req, res) => {
      openSse(res);
      for (let i = 1; i <= 3; i += 1) res.write(sseEvent({ id: String(i), data: { n: i } }));
      res.on("close", () => {
        closedAt = performance.now();
      });
    });
    const { data: stream } = await client({ stream: { idleTimeoutMs: 300 } }).watch();
    let count = 0;
    let lastAt = 0;
    let failure: unknown;
    try {
      for await (const _ of stream ?? []) {
        count += 1;
        lastAt = performance.now();
      }
    } catch (error) {
      failure = error;
    }
    const failedAt = performance.now();
    expect(count).toBe(3);
    expect(isOutboundError(failure) && failure.code).toBe("STREAM_IDLE_TIMEOUT");
    expect(failure).toMatchObject({ lastEventId: "3", eventsReceived: 3, idleTimeoutMs: 300, retryable: true });
    expect(failedAt - lastAt).toBeGreaterThanOrEqual(295);
    expect(failedAt - lastAt).toBeLessThan(1_300);
    await eventually(() => closedAt !== undefined);
    expect(server.inFlight).toBe(0);
  });

  it("is not cut by the attempt timeout or the call's deadline once its first event is in", async () => {
    server.handle(async (_req, res) => {
      openSse(res);
      for (let i = 1; i <= 24; i += 1) {
        res.write(sseEvent({ id: String(i), data: { n: i } }));
        await delay(100);
      }
      res.end();
    });
    const before = server.requests.length;
    const { data: stream } = await client({ attemptTimeoutMs: 400, totalTimeoutMs: 800 }).watch();
    const started = performance.now();
    let count = 0;
    for await (const _ of stream ?? []) count += 1;
    expect(count).toBe(24);
    expect(performance.now() - started).toBeGreaterThan(2_000);
    expect(server.requests.length - before).toBe(1);
  });

  it("times the first event with the attempt timeout: heartbeats alone fail as TIMEOUT and are retried", async () => {
    const seen: number[] = [];
    server.handle((_req, res, _s, index) => {
      seen.push(index);
      openSse(res);
      res.write(": keep-alive\n\n");
      const beat = setInterval(() => res.write(": keep-alive\n\n"), 50);
      res.on("close", () => clearInterval(beat));
    });
    const error = await client({ attemptTimeoutMs: 200, retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 } })
      .watch()
      .catch((e: unknown) => e);
    expect(isOutboundError(error) && error.code).toBe("TIMEOUT");
    expect(seen.length).toBe(2);
  });
});

describe("a failure before the first event", () => {
  const resetThenServe = (): { bodies: string[]; keys: (string | undefined)[] } => {
    const state = { bodies: [] as string[], keys: [] as (string | undefined)[] };
    server.handle((req, res, seen, index) => {
      state.bodies.push(seen.body.toString());
      state.keys.push(req.headers["idempotency-key"] as string | undefined);
      openSse(res);
      if (state.bodies.length === 1) {
        // Headers sent, then the connection dies before any event.
        setTimeout(() => res.socket?.destroy(), 20);
        return;
      }
      res.end(sseEvent({ id: "1", data: { attempt: index } }));
    });
    return state;
  };

  it("is retried for an idempotent operation", async () => {
    const state = resetThenServe();
    const { data: stream } = await client().watch();
    const events: unknown[] = [];
    for await (const event of stream ?? []) events.push(event);
    expect(state.bodies.length).toBe(2);
    expect(events.length).toBe(1);
  });

  it("is retried for a keyed operation, with the same Idempotency-Key", async () => {
    const state = resetThenServe();
    const { data: stream } = await client().startJob({ body: { job: 1 } });
    for await (const _ of stream ?? []) void _;
    expect(state.bodies).toEqual(['{"job":1}', '{"job":1}']);
    expect(state.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(state.keys[1]).toBe(state.keys[0]);
  });

  it("is not retried for an unsafe operation once its request was sent", async () => {
    const state = resetThenServe();
    const error = await client()
      .chat({ body: { prompt: "hi" } })
      .catch((e: unknown) => e);
    expect(isOutboundError(error) && error.code).toBe("NETWORK");
    expect(error).toMatchObject({ outcome: "unknown", retryable: false });
    expect(state.bodies.length).toBe(1);
  });
});

describe("an abandoned stream", () => {
  it("closes its socket at once on break and leaves no timer", async () => {
    let closedAt: number | undefined;
    server.handle((_req, res) => {
      openSse(res);
      let n = 0;
      const tick = setInterval(() => res.write(sseEvent({ id: String(++n), data: { n } })), 20);
      res.on("close", () => {
        clearInterval(tick);
        closedAt = performance.now();
      });
    });
    await delay(50);
    const timersBefore = activeTimers();
    const { data: stream } = await client().watch();
    let count = 0;
    for await (const _ of stream ?? []) {
      count += 1;
      if (count === 2) break;
    }
    const brokeAt = performance.now();
    await eventually(() => closedAt !== undefined, 1_000);
    expect((closedAt ?? Number.NaN) - brokeAt).toBeLessThan(500);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    const after: unknown[] = [];
    for await (const event of stream ?? []) after.push(event);
    expect(after).toEqual([]);
  });

  it("closes on abort() and on the caller's signal", async () => {
    const closes: number[] = [];
    server.handle((_req, res) => {
      openSse(res);
      res.write(sseEvent({ data: { n: 1 } }));
      res.on("close", () => closes.push(performance.now()));
    });
    const first = await client().watch();
    first.data?.abort();
    const seen: unknown[] = [];
    for await (const event of first.data ?? []) seen.push(event);
    expect(seen).toEqual([]);
    const controller = new AbortController();
    const second = await client().watch(undefined, { signal: controller.signal });
    const iterator = second.data?.[Symbol.asyncIterator]();
    expect((await iterator?.next())?.value).toMatchObject({ data: { n: 1 } });
    controller.abort(new Error("shutdown"));
    const error = await iterator?.next().catch((e: unknown) => e);
    expect(isOutboundError(error) && error.code).toBe("ABORTED");
    await eventually(() => closes.length === 2);
  });
});
