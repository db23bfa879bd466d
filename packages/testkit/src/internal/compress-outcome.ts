import { brotliCompressSync, brotliDecompressSync, deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import type { Outcome } from "./outcome.js";

/** A content coding the testkit can answer with (RFC 9110 §8.4.1). */
export type ContentCoding = "gzip" | "br" | "deflate";

const ENCODERS: Readonly<Record<ContentCoding, (body: Buffer) => Buffer>> = {
  gzip: (body) => gzipSync(body),
  br: (body) => brotliCompressSync(body),
  deflate: (body) => deflateSync(body),
};

/** The codings an `Accept-Encoding` header allows with a non-zero weight, in the header's order (RFC 9110 §12.5.3). */
function acceptedCodings(header: string | undefined): string[] {
  if (header === undefined) return [];
  return header
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "" && !/;\s*q\s*=\s*0(?:\.0*)?\s*$/i.test(entry))
    .map((entry) => entry.split(";")[0]?.trim().toLowerCase() ?? "");
}

/**
 * The outcome with its body compressed by the first coding of `offered` that the client's `Accept-Encoding` allows
 * (`*` allows any), with `Content-Encoding` and `Vary: Accept-Encoding` set; unchanged when the body is empty, already
 * encoded, or no offered coding is accepted. Uses node:zlib (gzip RFC 1952, deflate RFC 1950 zlib format, br RFC 7932).
 */
export function compressOutcome(
  outcome: Outcome,
  acceptEncoding: string | undefined,
  offered: readonly ContentCoding[],
): Outcome {
  if (offered.length === 0 || outcome.body.length === 0 || outcome.headers["content-encoding"] !== undefined)
    return outcome;
  const accepted = acceptedCodings(acceptEncoding);
  const coding = offered.find((c) => accepted.includes(c) || accepted.includes("*"));
  if (coding === undefined) return outcome;
  return {
    status: outcome.status,
    headers: { ...outcome.headers, "content-encoding": coding, vary: "accept-encoding" },
    body: ENCODERS[coding](outcome.body),
  };
}

/** The body of an outcome as it was before {@link compressOutcome} (the documented answer may already be compressed). */
export function decompressed(outcome: Outcome): Buffer {
  switch (outcome.headers["content-encoding"]) {
    case "gzip":
      return gunzipSync(outcome.body);
    case "br":
      return brotliDecompressSync(outcome.body);
    case "deflate":
      return inflateSync(outcome.body);
    default:
      return outcome.body;
  }
}
