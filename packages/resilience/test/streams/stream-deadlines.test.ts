/**
 * The deadline rule of a stream with the default options, on a fake clock: once the first event is in, only the
 * idle timeout (30 s) and the stream duration (1 h) apply, so a healthy 60 s stream with an event every 500 ms is
 * never cut (the attempt timeout, 10 s, and the call's deadline, 30 s, ended with the first event: see
 * stream-rules.test.ts on real sockets), while a silent one ends at exactly 30 s, and one nobody pulls at exactly
 * 5 min (the caller's side: the time a pull waits on the socket is the idle timer's).
 */
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { StreamSession } from "../../src/stream/event-stream-session.js";
import type { StreamOpening } from "../../src/stream/open-stream.js";
import { createSseDecoder } from "../../src/stream/sse-decoder.js";
import type { StreamFrame } from "../../src/stream/stream-frame.js";
import { DEFAULT_RESILIENCE_OPTIONS, DEFAULT_STREAM_OPTIONS, isOutboundError } from "../support/runtime.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A session over `body` with the default stream options, as the attempt hands it over after the first event. */
function sessionOver(body: PassThrough) {
  const frames: StreamFrame[] = [];
  const queue = {
    frames,
    onActivity: undefined as (() => void) | undefined,
    frame(frame: StreamFrame) {
      frames.push(frame);
      this.onActivity?.();
    },
    heartbeat() {
      this.onActivity?.();
    },
  };
  const decoder = createSseDecoder(queue, DEFAULT_STREAM_OPTIONS.maxEventBytes);
  decoder.push(new TextEncoder().encode("id: 0\ndata: 0\n\n"));
  const opening = {
    format: "sse",
    body,
    chunks: body[Symbol.asyncIterator](),
    decoder,
    queue,
    ended: false,
    timeToFirstEventMs: 1,
  } as unknown as StreamOpening;
  const end = vi.fn();
  const session = new StreamSession<{ data: string }>(new Response(null, { status: 200 }), opening, {
    context: { downstream: "feeds", operationId: "watch", attempts: 1 },
    meta: { data: "text" },
    options: DEFAULT_STREAM_OPTIONS,
    span: { headers: {}, end },
    status: 200,
    verdict: {
      action: "return",
      reason: undefined,
      retryable: false,
      breaker: "success",
      errorType: undefined,
      sent: "answered",
    },
    reconnect: 0,
    resumable: false,
    acquireRetry: () => undefined,
  });
  return { session, end };
}

it("documents the defaults the rule rests on", () => {
  expect(DEFAULT_RESILIENCE_OPTIONS.attemptTimeoutMs).toBe(10_000);
  expect(DEFAULT_RESILIENCE_OPTIONS.totalTimeoutMs).toBe(30_000);
  expect(DEFAULT_STREAM_OPTIONS).toEqual({
    idleTimeoutMs: 30_000,
    unpulledTimeoutMs: 300_000,
    maxStreamDurationMs: 3_600_000,
    maxEventBytes: 16 * 1024 * 1024,
    maxReconnects: 0,
  });
});

it("keeps a healthy 60 s stream (an event every 500 ms) open with the default options", async () => {
  const body = new PassThrough();
  const { session, end } = sessionOver(body);
  const iterator = session[Symbol.asyncIterator]();
  expect((await iterator.next()).value).toMatchObject({ data: "0" });
  for (let i = 1; i <= 120; i += 1) {
    const next = iterator.next();
    await vi.advanceTimersByTimeAsync(500);
    body.write(`id: ${i}\ndata: ${i}\n\n`);
    expect((await next).value).toMatchObject({ data: String(i) });
  }
  body.end();
  expect((await iterator.next()).done).toBe(true);
  expect(session.eventsReceived).toBe(121);
  expect(end).toHaveBeenCalledTimes(1);
  expect(end.mock.calls[0]?.[2]).toMatchObject({ "outbound.stream.end": "complete", "outbound.stream.events": 121 });
  expect(vi.getTimerCount()).toBe(0);
});

it("ends a silent stream at the idle timeout, not before, and leaves no timer", async () => {
  const body = new PassThrough();
  const { session } = sessionOver(body);
  const iterator = session[Symbol.asyncIterator]();
  await iterator.next();
  const next = iterator.next().catch((e: unknown) => e);
  await vi.advanceTimersByTimeAsync(29_999);
  body.write(": heartbeat\n\n");
  await vi.advanceTimersByTimeAsync(29_999);
  expect(body.destroyed).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  const error = await next;
  expect(isOutboundError(error) && error.code).toBe("STREAM_IDLE_TIMEOUT");
  expect(error).toMatchObject({ lastEventId: "0", idleTimeoutMs: 30_000 });
  expect(body.destroyed).toBe(true);
  expect(vi.getTimerCount()).toBe(0);
});

it("does not count the time the caller spends between pulls as idle", async () => {
  const body = new PassThrough();
  const { session } = sessionOver(body);
  const iterator = session[Symbol.asyncIterator]();
  await iterator.next();
  await vi.advanceTimersByTimeAsync(45_000);
  const next = iterator.next();
  body.write("data: late\n\n");
  expect((await next).value).toMatchObject({ data: "late" });
  session.abort();
  expect(vi.getTimerCount()).toBe(0);
});

it("ends a stream nobody pulls at the unpulled timeout, not before, throws at the next pull, leaves no timer", async () => {
  const body = new PassThrough();
  const { session, end } = sessionOver(body);
  await vi.advanceTimersByTimeAsync(299_999);
  expect(body.destroyed).toBe(false);
  expect(end).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(body.destroyed).toBe(true);
  expect(end).toHaveBeenCalledTimes(1);
  expect(end.mock.calls[0]?.[1]).toMatchObject({ errorType: "STREAM_UNPULLED" });
  expect(end.mock.calls[0]?.[2]).toMatchObject({
    "outbound.stream.end": "STREAM_UNPULLED",
    "outbound.stream.events": 0,
  });
  expect(vi.getTimerCount()).toBe(0);
  const error = await session[Symbol.asyncIterator]()
    .next()
    .catch((e: unknown) => e);
  expect(isOutboundError(error) && error.code).toBe("STREAM_UNPULLED");
  expect(error).toMatchObject({ unpulledTimeoutMs: 300_000, eventsReceived: 0, retryable: false });
  expect(end).toHaveBeenCalledTimes(1);
});

it("counts the caller's time from the last event handed over, not while a pull waits on the socket", async () => {
  const body = new PassThrough();
  const { session, end } = sessionOver(body);
  const iterator = session[Symbol.asyncIterator]();
  await vi.advanceTimersByTimeAsync(299_000);
  expect((await iterator.next()).value).toMatchObject({ data: "0" });
  await vi.advanceTimersByTimeAsync(299_000);
  const next = iterator.next();
  for (let i = 0; i < 20; i += 1) {
    await vi.advanceTimersByTimeAsync(20_000);
    body.write(": heartbeat\n\n");
  }
  body.write("id: 1\ndata: 1\n\n");
  expect((await next).value).toMatchObject({ data: "1" });
  await vi.advanceTimersByTimeAsync(299_999);
  expect(body.destroyed).toBe(false);
  await vi.advanceTimersByTimeAsync(1);
  expect(body.destroyed).toBe(true);
  expect(end.mock.calls[0]?.[2]).toMatchObject({
    "outbound.stream.end": "STREAM_UNPULLED",
    "outbound.stream.events": 2,
  });
  const error = await iterator.next().catch((e: unknown) => e);
  expect(error).toMatchObject({ code: "STREAM_UNPULLED", lastEventId: "1", eventsReceived: 2 });
  expect(vi.getTimerCount()).toBe(0);
});
