import { pipeline, type Readable, type Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

/**
 * The `Accept-Encoding` every attempt sends unless the caller set one (RFC 9110 §12.5.3): the codings node:zlib
 * decodes on every supported Node version (>= 20.19). `zstd` is left out: node:zlib decodes it only from Node
 * 22.15. `identity` is always acceptable without being named.
 */
export const ACCEPT_ENCODING = "gzip, deflate, br";

/** Decoders of the content codings of {@link ACCEPT_ENCODING} (RFC 9110 §8.4.1; `x-gzip` is gzip). */
const DECODERS: Readonly<Record<string, () => Transform>> = {
  gzip: () => createGunzip(),
  "x-gzip": () => createGunzip(),
  deflate: () => createInflate(),
  br: () => createBrotliDecompress(),
};

/** Whether the transport decodes a body with this `content-encoding` (lower-case, trimmed). */
export function isDecodable(encoding: string): boolean {
  return Object.hasOwn(DECODERS, encoding);
}

/** A fresh stream decoder of `encoding`, one of {@link isDecodable}. */
export function decoderFor(encoding: string): Transform {
  const make = DECODERS[encoding];
  if (make === undefined) throw new TypeError(`no decoder for content-encoding ${encoding}`);
  return make();
}

/** The body, once decoded, grew past `maxBytes`: reading stopped and the connection was destroyed. */
export class BodyTooLargeRejection extends Error {
  constructor(
    /** The cap, in bytes. */
    readonly maxBytes: number,
    /** Bytes produced (decoded) when reading stopped: above the cap by at most one decoded chunk. */
    readonly receivedBytes: number,
    /** The content coding that was decoded, or undefined for an unencoded body. */
    readonly encoding: string | undefined,
  ) {
    super(`response body exceeds ${maxBytes} bytes`);
  }
}

/** The body's content coding is corrupt or truncated (a zlib or brotli error while decoding). */
export class BodyDecodeRejection extends Error {
  constructor(
    /** The content coding that failed, e.g. `gzip`. */
    readonly encoding: string,
    /** zlib's error code, e.g. `Z_DATA_ERROR`. */
    readonly zlibCode: string,
  ) {
    super(`response body is not valid ${encoding} (${zlibCode})`);
  }
}

/**
 * Reads `wire` whole, decoding `encoding` (one of {@link isDecodable}) as a stream, so at most `maxBytes` plus one
 * decoded chunk (16 KiB, zlib's default) is ever held: a compression bomb is stopped as it inflates, not after.
 * An empty body with a coding is an empty body.
 * @throws BodyTooLargeRejection past `maxBytes` decoded bytes (`wire` is destroyed, which closes its socket).
 * @throws BodyDecodeRejection when the coding is corrupt or truncated (`wire` is destroyed).
 * @throws the wire's own error (reset, abort) unchanged.
 */
export async function readBody(wire: Readable, encoding: string | undefined, maxBytes: number): Promise<Uint8Array> {
  const make = encoding === undefined ? undefined : DECODERS[encoding];
  if (make === undefined) return collect(wire, wire, maxBytes, undefined);
  let wireFailure: unknown;
  let wireBytes = 0;
  wire.on("error", (error: unknown) => {
    wireFailure = error;
  });
  wire.on("data", (chunk: Buffer) => {
    wireBytes += chunk.length;
  });
  const decoder = make();
  pipeline(wire, decoder, () => undefined);
  try {
    return await collect(decoder, wire, maxBytes, encoding);
  } catch (error) {
    if (error instanceof BodyTooLargeRejection || error === wireFailure) throw error;
    wire.destroy();
    if (wireBytes === 0) return new Uint8Array(0);
    const code = (error as { code?: unknown }).code;
    throw new BodyDecodeRejection(encoding as string, typeof code === "string" ? code : "unknown");
  }
}

/** Collects `source` into one buffer; past `maxBytes` destroys `wire` and `source` and throws. */
async function collect(
  source: Readable,
  wire: Readable,
  maxBytes: number,
  encoding: string | undefined,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      wire.destroy();
      source.destroy();
      throw new BodyTooLargeRejection(maxBytes, total, encoding);
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}
