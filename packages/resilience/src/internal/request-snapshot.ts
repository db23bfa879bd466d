/** One request, read once from openapi-fetch's `Request`, from which every attempt is rebuilt. */
export interface RequestSnapshot {
  readonly method: string;
  readonly url: URL;
  /** `url` as telemetry shows it (`url.full`): user info removed, secret query values redacted. */
  readonly fullUrl: string;
  /** Lower-case header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes (replayable), a one-shot stream, or none. */
  readonly body: Uint8Array | ReadableStream<Uint8Array> | undefined;
  /** False when the body is a caller-supplied stream: such a request is sent at most once. */
  readonly replayable: boolean;
}

/**
 * Connection-level headers (RFC 9110 §7.6.1) and the length, which the transport sets from the bytes it sends;
 * passing them through would make undici refuse the request or send a wrong length.
 */
const NOT_FORWARDED = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "upgrade",
  "te",
  "content-length",
]);

/**
 * Whether `request`'s body has a known source (string, bytes, form ...) rather than a caller's ReadableStream.
 * The Fetch standard forbids building a `no-cors` Request from a body whose source is null (a stream), so the
 * constructor tells us without touching implementation internals; the probe works on a clone.
 */
function hasReplayableBody(request: Request): boolean {
  // Use the request's own class: a Request of the npm undici package is not a global Request, and vice versa.
  const RequestClass = request.constructor as typeof Request;
  try {
    new RequestClass(request.clone(), { mode: "no-cors", method: "POST" });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads `request` once: headers, and the body into bytes unless it is a one-shot stream. Accepts the global
 * `Request` (openapi-fetch) and any Fetch-API-compatible Request class (e.g. the npm undici package's).
 * `url` is `request.url` parsed (the caller has parsed it already; default: parsed here). It is kept, not copied.
 */
export async function snapshotRequest(request: Request, url: URL, fullUrl: string): Promise<RequestSnapshot> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    if (!NOT_FORWARDED.has(name)) headers[name] = value;
  });
  const method = request.method.toUpperCase();
  if (request.body === null) return { method, url, fullUrl, headers, body: undefined, replayable: true };
  // Read `body` after the probe: cloning tees the stream and gives the request a new one.
  if (!hasReplayableBody(request)) return { method, url, fullUrl, headers, body: request.body, replayable: false };
  return { method, url, fullUrl, headers, body: new Uint8Array(await request.arrayBuffer()), replayable: true };
}
