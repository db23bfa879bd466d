/**
 * One event as framed on the wire, before its data is parsed: an SSE event (WHATWG HTML §9.2.6: its type,
 * `message` when the block names none; its data lines joined by LF; its `id` field; the `retry` field sent since
 * the previous event) or one item of a line-framed stream (its text).
 */
export type StreamFrame =
  | {
      readonly kind: "sse";
      readonly event: string;
      readonly data: string;
      readonly id: string | undefined;
      readonly retry: number | undefined;
    }
  | { readonly kind: "item"; readonly text: string };

/** Where a decoder puts what it finds: frames, and heartbeats (an SSE comment or `retry` line, an empty line). */
export interface FrameSink {
  frame(frame: StreamFrame): void;
  heartbeat(): void;
}

/** A push decoder of one stream's bytes into frames. */
export interface FrameDecoder {
  /** Decodes one chunk of bytes. @throws FrameTooLargeRejection when one frame outgrows its cap. */
  push(chunk: Uint8Array): void;
  /** The body ended: a last item without its final newline is a frame; an unfinished SSE event is dropped. */
  end(): void;
}

/** One frame grew past `maxEventBytes` before it was complete: the stream is not what it claims to be. */
export class FrameTooLargeRejection extends Error {
  constructor(
    /** The cap, in characters of decoded text. */
    readonly maxEventBytes: number,
  ) {
    super(`one event is larger than ${maxEventBytes} bytes`);
  }
}
