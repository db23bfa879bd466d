import { pipeline, Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { Agent, type Dispatcher } from "undici";
import type { AttemptSignal } from "./attempt-signal.js";
import { decoderFor, isDecodable, readBody } from "./body/decode-body.js";
import { InvalidOptionsError } from "./invalid-options-error.js";

/** Options of the pooled transport. */
export interface TransportOptions {
  /** TCP (+TLS) connect timeout in ms; a connect that takes longer fails before any request byte is sent. @default 3000 */
  readonly connectTimeoutMs?: number;
  /** Keep-alive connections per origin. @default 64 */
  readonly connections?: number;
  /** How long an idle keep-alive socket stays in the pool, in ms. @default 4000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Largest response body accepted on the wire (before decoding), in bytes; a larger one fails the attempt
   * (`UND_ERR_RES_EXCEEDED_MAX_SIZE`). The decoded size has its own cap, `maxDecodedBodyBytes` of the client and
   * the call. @default 67108864 (64 MiB)
   */
  readonly maxResponseBodyBytes?: number;
}

/** The frozen defaults of {@link TransportOptions}. */
export const DEFAULT_TRANSPORT_OPTIONS = Object.freeze({
  connectTimeoutMs: 3_000,
  connections: 64,
  keepAliveTimeoutMs: 4_000,
  maxResponseBodyBytes: 64 * 1024 * 1024,
});

/** One attempt as the transport sends it. Built fresh for every attempt. */
export interface TransportRequest {
  /** Absolute URL. */
  readonly url: URL;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Request headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Request body: bytes (replayable) or a stream (sent once). */
  readonly body: Uint8Array | ReadableStream<Uint8Array> | undefined;
  /** Aborts the attempt, body read included: the transport stops sending and reading and destroys the socket. */
  readonly signal: AttemptSignal;
}

/** The body of a {@link TransportResponse}, not read yet: the caller reads it, or discards it. */
export interface TransportBody {
  /**
   * Reads the whole body, stream-decoded when `content-encoding` is gzip, x-gzip, deflate or br (the response's
   * headers then no longer carry `content-encoding`), holding at most `maxBytes` decoded bytes. Rejects with a
   * `BodyTooLargeRejection` past `maxBytes` (the socket is destroyed), a `BodyDecodeRejection` for a corrupt or
   * truncated coding, the transport's error, or the signal's reason when the attempt is aborted while reading.
   * Call at most once.
   * @param maxBytes decoded bytes allowed, @default 67108864 (64 MiB, `DEFAULT_RESILIENCE_OPTIONS.maxDecodedBodyBytes`)
   */
  bytes(maxBytes?: number): Promise<Uint8Array>;
  /** Releases a body that will not be read, so its connection never stays busy (idempotent; no-op once read). */
  discard(): void;
  /**
   * The body as a stream, read as the consumer pulls (for streamed answers: SSE, NDJSON), decoded like
   * {@link TransportBody.bytes}, not capped (the stream caps each event instead). Destroying it closes the
   * connection. Call at most once, instead of `bytes`. Optional: without it a streamed answer is read whole first.
   */
  stream?(): Readable;
}

/** An answer whose status and headers have arrived; its body is still on the wire, read by the caller. */
export interface TransportResponse {
  /** HTTP status code. */
  readonly status: number;
  /** Response headers, without the hop-by-hop ones (`connection`, `keep-alive`, `transfer-encoding`) and the length. */
  readonly headers: Headers;
  readonly body: TransportBody;
}

/**
 * Sends one attempt and answers once the status and headers are in; the caller reads the body, under the same
 * signal (for the pipeline: under the attempt's timer), or discards it.
 */
export interface Transport {
  /** Sends `request`; rejects with the underlying (undici or system) error, or the signal's reason on abort. */
  send(request: TransportRequest): Promise<TransportResponse>;
  /** Closes the pool: in-flight requests finish, idle sockets close. */
  close(): Promise<void>;
}

const DROPPED_RESPONSE_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length"]);
const DEFAULT_MAX_DECODED_BODY_BYTES = 64 * 1024 * 1024;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionsError(
      `transport.${name}`,
      `expected a finite number > 0, got ${String(value)}`,
      "Pass a positive number or leave it out for the default.",
    );
  }
  return value;
}

/**
 * Creates a pooled transport on one undici `Agent` (keep-alive pool per origin, connect timeout). Prefer the
 * process-wide {@link getDefaultTransport}; create your own only for different pool settings.
 * @throws InvalidOptionsError for a non-positive or non-finite option.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const resolved = { ...DEFAULT_TRANSPORT_OPTIONS, ...options };
  const agent = new Agent({
    connect: { timeout: positive("connectTimeoutMs", resolved.connectTimeoutMs) },
    connections: positive("connections", resolved.connections),
    keepAliveTimeout: positive("keepAliveTimeoutMs", resolved.keepAliveTimeoutMs),
    maxResponseSize: positive("maxResponseBodyBytes", resolved.maxResponseBodyBytes),
  });
  return { send: (request) => sendWith(agent, request), close: () => agent.close() };
}

async function sendWith(agent: Agent, request: TransportRequest): Promise<TransportResponse> {
  const { body } = request;
  const result = await agent.request({
    origin: request.url.origin,
    path: `${request.url.pathname}${request.url.search}`,
    method: request.method as Dispatcher.HttpMethod,
    headers: request.headers,
    body:
      body === undefined ? null : body instanceof ReadableStream ? Readable.fromWeb(body as WebReadableStream) : body,
    signal: request.signal,
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const encoding = headers.get("content-encoding")?.trim().toLowerCase();
  const decoded = encoding !== undefined && isDecodable(encoding) ? encoding : undefined;
  if (decoded !== undefined) headers.delete("content-encoding");
  const stream = result.body;
  let taken = false;
  return {
    status: result.statusCode,
    headers,
    body: {
      bytes: (maxBytes = DEFAULT_MAX_DECODED_BODY_BYTES) => {
        taken = true;
        return readBody(stream, decoded, maxBytes);
      },
      stream: () => {
        taken = true;
        if (decoded === undefined) return stream;
        const decoder = decoderFor(decoded);
        pipeline(stream, decoder, () => undefined);
        return decoder;
      },
      discard: () => {
        if (taken) return;
        taken = true;
        stream.destroy();
      },
    },
  };
}

let defaultTransport: Transport | undefined;

/** The process-wide pooled transport with {@link DEFAULT_TRANSPORT_OPTIONS}, created on first use. */
export function getDefaultTransport(): Transport {
  defaultTransport ??= createTransport();
  return defaultTransport;
}

/** Closes the process-wide transport (e.g. on shutdown). A later call creates a fresh one. */
export async function closeDefaultTransport(): Promise<void> {
  const transport = defaultTransport;
  defaultTransport = undefined;
  await transport?.close();
}
