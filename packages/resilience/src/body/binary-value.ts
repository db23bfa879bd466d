import { Readable } from "node:stream";

/**
 * A binary value as a caller passes it: bytes (`Uint8Array`, a Node `Buffer`, `ArrayBuffer`), a `Blob` or `File`,
 * a web `ReadableStream`, or a Node readable stream. What `format: binary` bodies and parts accept.
 */
export type BinaryValue = Blob | Uint8Array | ArrayBuffer | ReadableStream<Uint8Array> | NodeJS.ReadableStream;

/** A one-shot stream (web `ReadableStream` or Node readable): it can be read, and so sent, only once. */
export function isStream(value: unknown): value is ReadableStream<Uint8Array> | NodeJS.ReadableStream {
  return value instanceof ReadableStream || isNodeReadable(value);
}

/** A Node readable stream (`stream.Readable` or any object with its `pipe` and `read`, e.g. `fs.createReadStream`). */
export function isNodeReadable(value: unknown): value is NodeJS.ReadableStream {
  if (value instanceof Readable) return true;
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { pipe?: unknown; read?: unknown; on?: unknown };
  return (
    typeof candidate.pipe === "function" && typeof candidate.read === "function" && typeof candidate.on === "function"
  );
}

/** Whether `value` is a {@link BinaryValue}. */
export function isBinaryValue(value: unknown): value is BinaryValue {
  return value instanceof Uint8Array || value instanceof Blob || value instanceof ArrayBuffer || isStream(value);
}

/** A stream as the web stream `fetch` sends (a Node readable converted with `Readable.toWeb`). */
export function toWebStream(value: ReadableStream<Uint8Array> | NodeJS.ReadableStream): ReadableStream<Uint8Array> {
  if (value instanceof ReadableStream) return value;
  const readable = value instanceof Readable ? value : Readable.from(value as AsyncIterable<Uint8Array>);
  return Readable.toWeb(readable) as unknown as ReadableStream<Uint8Array>;
}

/** Reads a one-shot stream whole into a Blob of type `type` (the stream is consumed). */
export async function streamToBlob(
  value: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  type: string,
): Promise<Blob> {
  const parts: Uint8Array[] = [];
  for await (const chunk of toWebStream(value) as unknown as AsyncIterable<Uint8Array | string>)
    parts.push(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
  return new Blob(parts as Uint8Array<ArrayBuffer>[], { type });
}
