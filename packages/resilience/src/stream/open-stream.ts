import { Readable } from "node:stream";
import type { AttemptSignal } from "../attempt-signal.js";
import type { AttemptOutcome } from "../internal/verdict.js";
import type { TransportResponse } from "../transport.js";
import { createLineDecoder } from "./line-decoder.js";
import { createSseDecoder } from "./sse-decoder.js";
import { type FrameDecoder, type FrameSink, FrameTooLargeRejection, type StreamFrame } from "./stream-frame.js";
import { type StreamFormat, streamFormatOf } from "./stream-meta.js";

/** Frames decoded and not yet delivered, and who hears of activity (the session's idle timer, once it runs). */
class FrameQueue implements FrameSink {
  readonly frames: StreamFrame[] = [];
  onActivity: (() => void) | undefined = undefined;
  frame(frame: StreamFrame): void {
    this.frames.push(frame);
    this.onActivity?.();
  }
  heartbeat(): void {
    this.onActivity?.();
  }
}

/**
 * A streamed answer whose first event is in: the body still on the wire (read further only as the caller pulls),
 * its decoder, the frames decoded so far. Handed by the attempt to the stream session, which owns it from then on.
 */
export interface StreamOpening {
  readonly format: StreamFormat;
  /** The (decoded) body; destroying it closes the socket. */
  readonly body: Readable;
  readonly chunks: AsyncIterator<Uint8Array>;
  readonly decoder: FrameDecoder;
  readonly queue: FrameQueue;
  /** True once the body ended (the queue may still hold frames). */
  readonly ended: boolean;
  /** From the send to the first event, in ms. */
  readonly timeToFirstEventMs: number;
}

const NOT_2XX = (status: number): boolean => status < 200 || status > 299;

/**
 * For an operation that streams: when the answer is a 2xx whose Content-Type is a streamed media type, reads it
 * only up to its first event (or its end), under the attempt's `signal`, and returns it as a response without a
 * body plus the {@link StreamOpening}; any other answer is read whole by `readWhole`. A body that ends or fails
 * before its first event is that attempt's outcome like any other (a reset is a network failure, retried by the
 * operation's class). The body is destroyed when the signal aborts (attempt timeout, deadline, caller).
 */
export async function openStreamOrRead(
  answer: Promise<TransportResponse>,
  signal: AttemptSignal,
  maxEventBytes: number,
  readWhole: (answer: Promise<TransportResponse>) => Promise<AttemptOutcome>,
): Promise<AttemptOutcome> {
  const startedAt = performance.now();
  const transportResponse = await answer;
  const { status, headers } = transportResponse;
  const format = streamFormatOf(headers.get("content-type"));
  if (format === undefined || NOT_2XX(status)) return readWhole(Promise.resolve(transportResponse));
  const body = bodyStream(transportResponse);
  const destroy = (): void => {
    body.destroy();
  };
  signal.once("abort", destroy);
  const queue = new FrameQueue();
  const decoder =
    format === "sse" ? createSseDecoder(queue, maxEventBytes) : createLineDecoder(format, queue, maxEventBytes);
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  let ended = false;
  try {
    while (queue.frames.length === 0 && !ended) {
      const next = await chunks.next();
      if (next.done === true) {
        decoder.end();
        ended = true;
      } else decoder.push(next.value);
    }
  } catch (error) {
    body.destroy();
    if (error instanceof FrameTooLargeRejection)
      return {
        kind: "too-large",
        status,
        maxBytes: maxEventBytes,
        receivedBytes: maxEventBytes + 1,
        encoding: undefined,
      };
    throw error;
  } finally {
    signal.removeListener("abort", destroy);
  }
  const timeToFirstEventMs = performance.now() - startedAt;
  const stream: StreamOpening = { format, body, chunks, decoder, queue, ended, timeToFirstEventMs };
  return { kind: "response", response: new Response(null, { status, headers }), stream };
}

/** The body as a stream: the transport's own when it offers one, else its bytes read whole (a custom transport). */
function bodyStream(response: TransportResponse): Readable {
  const { body } = response;
  if (body.stream !== undefined) return body.stream();
  return Readable.from(
    (async function* () {
      yield await body.bytes();
    })(),
  );
}
