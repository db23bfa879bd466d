/**
 * A stream the caller drops unclosed (never iterated, or pulled and then let go without `break`, `return()` or
 * `abort()`), on a real node:http server streaming SSE forever, with the real OpenTelemetry SDK: once its
 * `EventStream` is garbage-collected the socket closes, the bulkhead slot is free for the next call, the attempt
 * span ends once with `outbound.stream.end` `collected`, no timer is left and nothing is thrown; and, without the
 * collector, once `unpulledTimeoutMs` passes with nobody pulling. The collector is reached through V8's
 * `--expose-gc` flag set at run time (no worker flags needed).
 */
import type { ServerResponse } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTransport, type EventStream, isOutboundError } from "../support/runtime.js";
import { delay, startTestServer, type TestServer } from "../support/test-server.js";
import { activeTimers, eventually, sseEvent, streamClient } from "./stream-client.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const transport = createTransport();
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let server: TestServer;
/** performance.now() when the server saw each stream's socket close. */
let closes: number[] = [];

/** SSE forever: one event every 20 ms until the client closes the socket. */
function sseForever(_req: unknown, res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
  let n = 0;
  res.write(sseEvent({ id: String(++n), data: { n } }));
  const tick = setInterval(() => res.write(sseEvent({ id: String(++n), data: { n } })), 20);
  res.on("close", () => {
    clearInterval(tick);
    closes.push(performance.now());
  });
}

const clientSpans = () => spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);

/** Collects garbage until `check` holds (finalizers run on a later task), or fails after `withinMs`. */
async function collectUntil(check: () => boolean, withinMs = 2_000): Promise<void> {
  const until = performance.now() + withinMs;
  while (!check()) {
    if (performance.now() > until) throw new Error("not collected in time");
    gc();
    await delay(10);
  }
}

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  process.on("unhandledRejection", onUnhandled);
  server = await startTestServer(sseForever);
});
beforeEach(() => {
  spans.reset();
  closes = [];
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await server.close();
  await transport.close();
  await tracerProvider.shutdown();
});

const narrow = () => streamClient(server.url, { transport, bulkhead: { maxConcurrent: 1, maxQueue: 0 } });

describe("a stream dropped unclosed", () => {
  it("never iterated: closes its socket once collected, frees its slot, ends its span once, leaves no timer", async () => {
    const client = narrow();
    await delay(50);
    const timersBefore = activeTimers();
    await (async () => {
      const { data } = await client.watch();
      expect(data?.eventsReceived).toBe(0);
    })();
    const refused = await client.watch().catch((e: unknown) => e);
    expect(isOutboundError(refused) && refused.code).toBe("BULKHEAD_FULL");
    const droppedAt = performance.now();
    await collectUntil(() => closes.length === 1);
    expect((closes[0] ?? Number.NaN) - droppedAt).toBeLessThan(2_000);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    const [span] = clientSpans();
    expect(clientSpans().length).toBe(1);
    expect(span?.attributes["outbound.stream.end"]).toBe("collected");
    expect(span?.attributes["outbound.stream.events"]).toBe(0);
    expect(span?.attributes["error.type"]).toBeUndefined();
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const second = await client.watch();
    expect(second.response.status).toBe(200);
    second.data?.abort();
    await eventually(() => closes.length === 2);
    expect(clientSpans().map((s) => s.attributes["outbound.stream.end"])).toEqual(["collected", "aborted"]);
  });

  it("pulled, then let go between pulls: same, with the events it delivered counted", async () => {
    const client = narrow();
    await (async () => {
      const { data } = await client.watch();
      const iterator = data?.[Symbol.asyncIterator]();
      expect((await iterator?.next())?.value).toMatchObject({ id: "1" });
      expect((await iterator?.next())?.value).toMatchObject({ id: "2" });
    })();
    await collectUntil(() => closes.length === 1);
    await collectUntil(() => clientSpans().length === 1);
    expect(clientSpans()[0]?.attributes["outbound.stream.end"]).toBe("collected");
    expect(clientSpans()[0]?.attributes["outbound.stream.events"]).toBe(2);
    const second = await client.watch();
    expect(second.response.status).toBe(200);
    second.data?.abort();
    await eventually(() => closes.length === 2);
  });

  it("with resumption on: the reconnecting stream closes its connection once collected", async () => {
    const client = streamClient(server.url, {
      transport,
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      stream: { resume: { maxReconnects: 2 } },
    });
    await (async () => {
      const { data } = await client.watch();
      for await (const _ of data ?? []) {
        // Leaves the loop without closing it: the iterator is held by nobody afterwards.
        break;
      }
    })();
    await eventually(() => closes.length === 1);
    await (async () => {
      const { data } = await client.watch();
      await data?.[Symbol.asyncIterator]().next();
    })();
    await collectUntil(() => closes.length === 2);
    expect(clientSpans().map((s) => s.attributes["outbound.stream.end"])).toEqual(["abandoned", "collected"]);
    const third = await client.watch();
    expect(third.response.status).toBe(200);
    third.data?.abort();
    await eventually(() => closes.length === 3);
  });

  it("is not closed while the caller holds only its iterator", async () => {
    const client = narrow();
    const { iterator, held } = await (async () => {
      const { data } = await client.watch();
      const stream = data as EventStream<unknown>;
      return { iterator: stream[Symbol.asyncIterator](), held: new WeakRef(stream) };
    })();
    expect((await iterator.next()).value).toMatchObject({ id: "1" });
    for (let i = 0; i < 5; i += 1) {
      gc();
      await delay(10);
    }
    expect(closes).toEqual([]);
    expect(held.deref()).toBeDefined();
    expect((await iterator.next()).value).toMatchObject({ id: "2" });
    expect(await iterator.return?.()).toEqual({ done: true, value: undefined });
    await eventually(() => closes.length === 1);
    expect(clientSpans().map((s) => s.attributes["outbound.stream.end"])).toEqual(["abandoned"]);
  });

  it("kept but never pulled: closed at unpulledTimeoutMs even without collection, the next pull throws", async () => {
    const client = streamClient(server.url, {
      transport,
      bulkhead: { maxConcurrent: 1, maxQueue: 0 },
      stream: { unpulledTimeoutMs: 200 },
    });
    await delay(50);
    const timersBefore = activeTimers();
    const { data } = await client.watch();
    const handedAt = performance.now();
    await eventually(() => closes.length === 1, 2_000);
    const closedAfter = (closes[0] ?? Number.NaN) - handedAt;
    expect(closedAfter).toBeGreaterThanOrEqual(190);
    expect(closedAfter).toBeLessThan(1_500);
    expect(activeTimers()).toBeLessThanOrEqual(timersBefore);
    const [span] = clientSpans();
    expect(clientSpans().length).toBe(1);
    expect(span?.attributes["outbound.stream.end"]).toBe("STREAM_UNPULLED");
    expect(span?.attributes["error.type"]).toBe("STREAM_UNPULLED");
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    const second = await client.watch();
    expect(second.response.status).toBe(200);
    const error = await data?.[Symbol.asyncIterator]()
      .next()
      .catch((e: unknown) => e);
    expect(isOutboundError(error) && error.code).toBe("STREAM_UNPULLED");
    expect(error).toMatchObject({ unpulledTimeoutMs: 200, eventsReceived: 0, retryable: false });
    second.data?.abort();
    await eventually(() => closes.length === 2);
    expect(clientSpans().length).toBe(2);
  });
});
