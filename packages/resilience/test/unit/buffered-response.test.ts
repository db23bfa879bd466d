import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BufferedResponse } from "../../src/internal/buffered-response.js";

const encoder = new TextEncoder();
const init = () => ({
  status: 201,
  statusText: "Created",
  headers: { "content-type": "application/json; charset=utf-8" },
});

/** The same answer twice: ours, and the fetch `Response` it stands in for. */
function pair(bytes: Uint8Array<ArrayBuffer>): [BufferedResponse, Response] {
  return [new BufferedResponse(bytes.slice(), init()), new Response(bytes.slice(), init())];
}

/** What a read gives, or the class of its rejection. */
async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await read();
    if (value instanceof ArrayBuffer) return { arrayBuffer: [...new Uint8Array(value)] };
    if (value instanceof Uint8Array) return { bytes: [...value] };
    if (value instanceof Blob) return { blob: value.type, bytes: [...new Uint8Array(await value.arrayBuffer())] };
    return { value };
  } catch (error) {
    return { rejects: (error as Error).constructor.name };
  }
}

describe("BufferedResponse answers as the fetch Response it stands in for", () => {
  it("is a Response with the real status, statusText, ok and headers", () => {
    const [ours] = pair(encoder.encode("{}"));
    expect(ours).toBeInstanceOf(Response);
    expect([ours.status, ours.statusText, ours.ok, ours.headers.get("content-type")]).toEqual([
      201,
      "Created",
      true,
      "application/json; charset=utf-8",
    ]);
  });

  it.each([
    ["UTF-8 with a BOM", new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d])],
    ["invalid UTF-8 (replaced by U+FFFD)", new Uint8Array([0x22, 0xff, 0xfe, 0x22])],
    ["not JSON", encoder.encode("<html>oops</html>")],
    ["empty", new Uint8Array(0)],
    ["non-ASCII JSON", encoder.encode('{"name":"Zoë 東京 🚀"}')],
  ])("%s: text, json, arrayBuffer, bytes, blob and a second read give the same", async (_, bytes) => {
    for (const read of ["text", "json", "arrayBuffer", "bytes", "blob"] as const) {
      const [ours, real] = pair(bytes);
      expect(await outcome(() => ours[read]()), read).toEqual(await outcome(() => real[read]()));
      expect(ours.bodyUsed, read).toBe(true);
      expect(await outcome(() => ours.text()), `${read} then text`).toEqual(await outcome(() => real.text()));
    }
  });

  it("gives any bytes back unchanged, by text as by arrayBuffer (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (raw) => {
        const bytes = new Uint8Array(raw);
        const [ours, real] = pair(bytes);
        expect(await ours.text()).toBe(await real.text());
        const [again] = pair(bytes);
        expect([...new Uint8Array(await again.arrayBuffer())]).toEqual([...bytes]);
      }),
    );
  });

  it("streams its bytes through `body`, and is used once the stream is read", async () => {
    const [ours] = pair(encoder.encode('{"a":1}'));
    expect(ours.bodyUsed).toBe(false);
    const body = ours.body;
    expect(body).toBeInstanceOf(ReadableStream);
    expect(await new Response(body).text()).toBe('{"a":1}');
    expect(ours.bodyUsed).toBe(true);
    await expect(ours.json()).rejects.toThrow(TypeError);
  });

  it("clones an unread body (each clone reads it once) and refuses to clone a read one", async () => {
    const [ours] = pair(encoder.encode('{"a":1}'));
    const copy = ours.clone();
    expect(await copy.json()).toEqual({ a: 1 });
    expect(await ours.json()).toEqual({ a: 1 });
    expect(() => ours.clone()).toThrow(TypeError);
    expect(copy.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});
