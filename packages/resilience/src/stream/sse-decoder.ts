import { createParser } from "eventsource-parser";
import { type FrameDecoder, type FrameSink, FrameTooLargeRejection } from "./stream-frame.js";

/**
 * Decodes `text/event-stream` per WHATWG HTML §9.2.6 with `eventsource-parser` (CRLF, LF and CR line ends,
 * comments, multi-line data, `retry`): UTF-8 decoded as a stream, a leading BOM dropped (TextDecoder's default).
 * A comment or `retry` line is a heartbeat. An event unfinished when the body ends is not dispatched (§9.2.6).
 * An event whose empty line is a lone CR is delivered once the next byte (or the end) shows no LF follows.
 * Text pending since the last event is capped at `maxEventBytes` UTF-16 units.
 */
export function createSseDecoder(sink: FrameSink, maxEventBytes: number): FrameDecoder {
  const text = new TextDecoder();
  let retry: number | undefined;
  let pending = 0;
  const parser = createParser({
    onEvent: (message) => {
      pending = 0;
      sink.frame({ kind: "sse", event: message.event ?? "message", data: message.data, id: message.id, retry });
      retry = undefined;
    },
    onRetry: (ms) => {
      retry = ms;
      sink.heartbeat();
    },
    onComment: () => {
      pending = 0;
      sink.heartbeat();
    },
  });
  return {
    push: (chunk) => {
      const decoded = text.decode(chunk, { stream: true });
      pending += decoded.length;
      parser.feed(decoded);
      if (pending > maxEventBytes) throw new FrameTooLargeRejection(maxEventBytes);
    },
    end: () => {
      // A CR that ends the body ends its line (the parser waits for a possible LF); one LF more settles it without
      // completing an unfinished event, which ends only on an empty line.
      parser.feed(`${text.decode()}\n`);
    },
  };
}
