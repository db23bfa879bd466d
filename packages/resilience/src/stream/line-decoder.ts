import { type FrameDecoder, type FrameSink, FrameTooLargeRejection } from "./stream-frame.js";
import type { StreamFormat } from "./stream-meta.js";

const RS = "\u001e";

/** Whether `text` is one complete JSON text. */
function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a line-framed stream: NDJSON / JSON Lines (`lines`: one item per line ended by LF or CRLF, an empty line
 * a heartbeat, a last line without its newline still an item) or JSON text sequences (`json-seq`, RFC 7464 §2.2:
 * each item is RS, the text, LF; a record is complete once it ends with LF or the body ends). Chunks may split an
 * item, a CRLF or a UTF-8 sequence anywhere. At most `maxEventBytes` UTF-16 units wait for their end.
 */
export function createLineDecoder(
  format: Exclude<StreamFormat, "sse">,
  sink: FrameSink,
  maxEventBytes: number,
): FrameDecoder {
  const text = new TextDecoder();
  let buffer = "";
  const emit = (piece: string): void => {
    const item = format === "lines" ? piece.replace(/\r$/, "") : piece.trim();
    if (item.trim() === "") sink.heartbeat();
    else sink.frame({ kind: "item", text: item });
  };
  const drain = (): void => {
    if (format === "lines") {
      let end = buffer.indexOf("\n");
      while (end !== -1) {
        emit(buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        end = buffer.indexOf("\n");
      }
    } else {
      // Text before the first RS is no item of the sequence (RFC 7464 §2.1): dropped.
      const first = buffer.indexOf(RS);
      buffer = first === -1 ? "" : buffer.slice(first);
      let next = buffer.indexOf(RS, 1);
      while (next !== -1) {
        emit(buffer.slice(1, next));
        buffer = buffer.slice(next);
        next = buffer.indexOf(RS, 1);
      }
      // The last record is complete once its LF arrived and it parses (an LF inside a pretty-printed text can end a
      // chunk too): delivered now, not when the next one starts.
      if (buffer.length > 1 && buffer.endsWith("\n") && parses(buffer.slice(1))) {
        emit(buffer.slice(1));
        buffer = "";
      }
    }
    if (buffer.length > maxEventBytes) throw new FrameTooLargeRejection(maxEventBytes);
  };
  return {
    push: (chunk) => {
      buffer += text.decode(chunk, { stream: true });
      drain();
    },
    end: () => {
      buffer += text.decode();
      drain();
      const rest = format === "json-seq" ? buffer.slice(1) : buffer;
      buffer = "";
      if (rest.trim() !== "") emit(rest);
    },
  };
}
