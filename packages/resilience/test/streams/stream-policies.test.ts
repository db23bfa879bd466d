/**
 * Streams under the downstream's policies, with the real OpenTelemetry SDK: the attempt span open while the stream
 * runs (events counted, time to first event), the bulkhead slot held, the breaker counting failures before the
 * first event only, resumption with Last-Event-ID, and line-framed streams.
 */
import type { ServerResponse } from "node:http";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTransport, isOutboundError } from "../support/runtime.js";
import { delay, startTestServer, type TestServer } from "../support/test-server.js";
import { eventually, sseEvent, streamClient } from "./stream-client.js";

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const transport = createTransport();
let server: TestServer;

function openSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.flushHeaders();
}
const clientSpans = () => spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);

beforeAll(async () => {
  trace.setGlobalTracerProvider(tracerProvider);
  server = await startTestServer(() => undefined);
});
beforeEach(() => spans.reset());
afterAll(async () => {
  await server.close();
  await transport.close();
  await tracerProvider.shutdown();
});

const client = (options: object = {}) => streamClient(server.url, { transport, ...options });

describe("telemetry", () => {
  it("keeps the attempt span open while the stream runs, then records events and time to first event", async () => {
    let finish: (() => void) | undefined;
    server.handle(async (_req, res) => {
      openSse(res);
      await delay(100);
      res.write(sseEvent({ id: "1", data: { n: 1 } }));
      res.write(sseEvent({ id: "2", data: { n: 2 } }));
      finish = () => res.end(sseEvent({ id: "3", data: { n: 3 } }));
    });
    const { data: stream } = await client().watch();
    const iterator = stream?.[Symbol.asyncIterator]();
    await iterator?.next();
    await iterator?.next();
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual(["watch"]);
    finish?.();
    expect((await iterator?.next())?.done).toBe(false);
    expect((await iterator?.next())?.done).toBe(true);
    const [span] = clientSpans();
    expect(span?.attributes["outbound.stream.events"]).toBe(3);
    expect(span?.attributes["outbound.stream.end"]).toBe("complete");
    expect(span?.attributes["outbound.stream.time_to_first_event_ms"]).toBeGreaterThanOrEqual(95);
    expect(span?.attributes["http.response.status_code"]).toBe(200);
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it("records a mid-stream interruption on the attempt span, apart from the breaker", async () => {
    server.handle((_req, res) => {
      openSse(res);
      res.write(sseEvent({ id: "7", data: { n: 1 } }));
      setTimeout(() => res.socket?.destroy(), 30);
    });
    const downstreamClient = client({ breaker: { windowSize: 2, minimumCalls: 2, failureRatio: 0.5 } });
    for (let i = 0; i < 3; i += 1) {
      const { data: stream } = await downstreamClient.watch();
      const error = await (async () => {
        for await (const _ of stream ?? []) void _;
      })().catch((e: unknown) => e);
      expect(isOutboundError(error) && error.code).toBe("STREAM_INTERRUPTED");
      expect(error).toMatchObject({ lastEventId: "7", eventsReceived: 1 });
    }
    expect((downstreamClient as unknown as { downstream: { breakerState(): string } }).downstream.breakerState()).toBe(
      "closed",
    );
    const attempts = clientSpans();
    expect(attempts.length).toBe(3);
    expect(attempts[0]?.attributes["error.type"]).toBe("STREAM_INTERRUPTED");
    expect(attempts[0]?.attributes["outbound.stream.end"]).toBe("STREAM_INTERRUPTED");
    expect(attempts[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe("breaker and bulkhead", () => {
  it("counts a failure before the first event for the breaker", async () => {
    server.handle((_req, res) => {
      openSse(res);
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const breaking = client({
      breaker: { windowSize: 2, minimumCalls: 2, failureRatio: 0.5, halfOpenAfterMs: 60_000 },
    });
    const before = server.requests.length;
    const codes: unknown[] = [];
    for (let i = 0; i < 3; i += 1) {
      const error = await breaking.chat({ body: {} }).catch((e: unknown) => e);
      codes.push(isOutboundError(error) ? error.code : error);
    }
    expect(codes).toEqual(["NETWORK", "NETWORK", "CIRCUIT_OPEN"]);
    expect(server.requests.length - before).toBe(2);
  });

  it("holds the bulkhead slot while the stream runs and frees it when the stream closes", async () => {
    server.handle((_req, res) => {
      openSse(res);
      res.write(sseEvent({ data: { n: 1 } }));
    });
    const narrow = client({ bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
    const { data: stream } = await narrow.watch();
    const refused = await narrow.watch().catch((e: unknown) => e);
    expect(isOutboundError(refused) && refused.code).toBe("BULKHEAD_FULL");
    stream?.abort();
    const again = await narrow.watch();
    expect(again.response.status).toBe(200);
    again.data?.abort();
  });
});

describe("resumption with Last-Event-ID", () => {
  const interruptedThenResumed = () => {
    const lastIds: (string | undefined)[] = [];
    server.handle((req, res) => {
      lastIds.push(req.headers["last-event-id"] as string | undefined);
      openSse(res);
      if (lastIds.length === 1) {
        res.write(sseEvent({ id: "1", data: { n: 1 } }) + sseEvent({ id: "2", data: { n: 2 } }));
        setTimeout(() => res.socket?.destroy(), 30);
      } else res.end(sseEvent({ id: "3", data: { n: 3 } }));
    });
    return lastIds;
  };

  it("reconnects an idempotent operation from the last event id, once, when asked to", async () => {
    const lastIds = interruptedThenResumed();
    const { data: stream } = await client({ stream: { resume: { maxReconnects: 1 } } }).watch();
    const events: unknown[] = [];
    for await (const event of stream ?? []) events.push((event as { data: unknown }).data);
    expect(events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(lastIds).toEqual([undefined, "2"]);
    expect(stream?.eventsReceived).toBe(3);
    expect(clientSpans().map((span) => span.attributes["outbound.stream.reconnect"])).toEqual([undefined, 1]);
  });

  it("never resumes an unsafe operation", async () => {
    const lastIds = interruptedThenResumed();
    const { data: stream } = await client({ stream: { resume: { maxReconnects: 3 } } }).chat({ body: {} });
    const error = await (async () => {
      for await (const _ of stream ?? []) void _;
    })().catch((e: unknown) => e);
    expect(isOutboundError(error) && error.code).toBe("STREAM_INTERRUPTED");
    expect(lastIds).toEqual([undefined]);
  });
});

describe("line-framed streams", () => {
  it("splits NDJSON across chunks, CRLF included, and keeps a last line without newline", async () => {
    server.handle(async (_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write('{"a":1}\r\n{"a"');
      await delay(20);
      res.write(":2}\n\n");
      await delay(20);
      res.end('{"a":3}');
    });
    const { data: stream } = await client().exportRows();
    const items: unknown[] = [];
    for await (const item of stream ?? []) items.push(item);
    expect(items).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });

  it("reads JSON text sequences (RFC 7464)", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/json-seq" });
      res.end('\u001e{"a":1}\n\u001e[2]\n\u001e"three"\n');
    });
    const { data: stream } = await client().exportRows();
    const items: unknown[] = [];
    for await (const item of stream ?? []) items.push(item);
    expect(items).toEqual([{ a: 1 }, [2], "three"]);
  });

  it("ends with STREAM_MALFORMED on data that is not the JSON the spec promises, and closes the socket", async () => {
    let closed = false;
    server.handle((_req, res) => {
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      res.write('{"a":1}\n{oops}\n');
      res.on("close", () => {
        closed = true;
      });
    });
    const { data: stream } = await client().exportRows();
    const items: unknown[] = [];
    const error = await (async () => {
      for await (const item of stream ?? []) items.push(item);
    })().catch((e: unknown) => e);
    expect(items).toEqual([{ a: 1 }]);
    expect(isOutboundError(error) && error.code).toBe("STREAM_MALFORMED");
    expect(error).toMatchObject({ eventsReceived: 1, retryable: false });
    await eventually(() => closed);
  });

  it("sets the body's stream flag and asks only for the stream (the <method>Stream of a JSON-or-stream operation)", async () => {
    const seen: { body: string; accept: string | undefined }[] = [];
    server.handle((req, res, request) => {
      seen.push({ body: request.body.toString(), accept: req.headers.accept });
      openSse(res);
      res.end(sseEvent({ data: { delta: "hi" } }));
    });
    const { data: stream } = await client().chatStream({ body: { prompt: "hi" } });
    for await (const _ of stream ?? []) void _;
    await client()
      .chatStream({ body: { prompt: "no", stream: false } })
      .then((r) => r.data?.abort());
    expect(seen).toEqual([
      { body: '{"prompt":"hi","stream":true}', accept: "text/event-stream" },
      { body: '{"prompt":"no","stream":false}', accept: "text/event-stream" },
    ]);
  });

  it("answers an error status as a value, its body parsed", async () => {
    server.handle((_req, res) => {
      res.writeHead(429, { "content-type": "application/json" });
      res.end('{"error":"slow down"}');
    });
    const result = await client({ retry: { maxAttempts: 1 } }).watch();
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ error: "slow down" });
    expect(result.response.status).toBe(429);
  });
});
