import fc from "fast-check";
import { expect, it } from "vitest";
import { createLineDecoder } from "../../src/stream/line-decoder.js";
import { createSseDecoder } from "../../src/stream/sse-decoder.js";
import type { FrameDecoder, FrameSink, StreamFrame } from "../../src/stream/stream-frame.js";

function collect(
  make: (sink: FrameSink) => FrameDecoder,
  chunks: Uint8Array[],
): { frames: StreamFrame[]; beats: number } {
  const out = { frames: [] as StreamFrame[], beats: 0 };
  const decoder = make({ frame: (f) => out.frames.push(f), heartbeat: () => (out.beats += 1) });
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return out;
}

/** `bytes` cut at `cuts` (sorted positions). */
function cut(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...[...new Set(cuts)].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

const NDJSON = new TextEncoder().encode('{"a":"é"}\r\n\n{"b":[1,2]}\n{"c":"日本"}');
const SEQ = new TextEncoder().encode('\u001e{"a":"é"}\n\u001e[1,\n2]\n\u001e"日本"\n');
const SSE = new TextEncoder().encode('\uFEFF: hi\r\nid: 1\r\ndata: {"a":"é"}\r\n\r\nevent: x\rdata: a\rdata: b\r\r');

it("decodes NDJSON the same however the bytes are split (UTF-8 and CRLF included)", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: NDJSON.length }), { maxLength: 8 }), (cuts) => {
      const { frames, beats } = collect((sink) => createLineDecoder("lines", sink, 1_000), cut(NDJSON, cuts));
      expect(frames).toEqual([
        { kind: "item", text: '{"a":"é"}' },
        { kind: "item", text: '{"b":[1,2]}' },
        { kind: "item", text: '{"c":"日本"}' },
      ]);
      expect(beats).toBe(1);
    }),
  );
});

it("decodes JSON text sequences (RFC 7464) the same however the bytes are split", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: SEQ.length }), { maxLength: 8 }), (cuts) => {
      const texts = collect((sink) => createLineDecoder("json-seq", sink, 1_000), cut(SEQ, cuts)).frames.map((f) =>
        f.kind === "item" ? JSON.parse(f.text) : f,
      );
      expect(texts).toEqual([{ a: "é" }, [1, 2], "日本"]);
    }),
  );
});

it("decodes SSE per WHATWG (BOM, CRLF, CR, comments, multi-line data) however the bytes are split", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: SSE.length }), { maxLength: 8 }), (cuts) => {
      const { frames, beats } = collect((sink) => createSseDecoder(sink, 1_000), cut(SSE, cuts));
      expect(frames).toEqual([
        { kind: "sse", event: "message", data: '{"a":"é"}', id: "1", retry: undefined },
        { kind: "sse", event: "x", data: "a\nb", id: undefined, retry: undefined },
      ]);
      expect(beats).toBe(1);
    }),
  );
});

it("refuses a line that outgrows maxEventBytes before its end", () => {
  const decoder = createLineDecoder("lines", { frame: () => undefined, heartbeat: () => undefined }, 8);
  expect(() => decoder.push(new TextEncoder().encode('{"a":"0123456789"'))).toThrow(/larger than 8 bytes/);
});
