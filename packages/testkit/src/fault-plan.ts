/**
 * Per-route fault plans: what the test server does with the n-th request of a route.
 * Every fault acts on the real socket, as the failure it models does in production.
 */

/** Timing of a response: latency before the status line, between headers and body, and a trickled body. */
export interface FaultTiming {
  /**
   * Wait before anything is written. This is the operation's processing time: a keyed request stays "in
   * flight" meanwhile (a repeat gets 409), and a committing fault commits at its end even if the client has
   * gone. @default 0
   */
  readonly delayBeforeHeadersMs?: number;
  /** After the headers are flushed, wait this long before the first body byte. @default 0 */
  readonly delayBeforeBodyMs?: number;
  /** Write the body `chunkBytes` at a time, one chunk every `intervalMs`. @default whole body at once */
  readonly trickle?: { readonly chunkBytes: number; readonly intervalMs: number };
  /**
   * How the body is framed: `content-length`, or `chunked` (`Transfer-Encoding: chunked`, no Content-Length).
   * @default "content-length"
   */
  readonly framing?: "content-length" | "chunked";
}

/**
 * Retry-After values to send (RFC 9110 §10.2.3), each as its own header:
 * `seconds` → `Retry-After: <seconds>`; `dateInMs` → `Retry-After: <IMF-fixdate>` that many ms from the moment
 * the response is written, rounded up to the next whole second; `ms` → `retry-after-ms: <ms>` (the
 * non-standard header some APIs send, e.g. Azure, OpenAI).
 */
export interface RetryAfterValue {
  readonly seconds?: number;
  readonly dateInMs?: number;
  readonly ms?: number;
}

/**
 * `commit: true` makes the server carry out the operation first (validation, Idempotency-Key record, state
 * change, ledger entry) and then deliver the fault instead of the real answer: the client cannot know the
 * side effect happened. A repeated Idempotency-Key then replays the committed result. @default false
 */
export interface CommitOption {
  readonly commit?: boolean;
}

/** Answer as the spec says (examples, derived bodies, state, idempotency). Always commits. */
export interface PassFault extends FaultTiming {
  readonly kind: "pass";
}

/**
 * Answer with this status, headers and body. The body is `body` serialised as JSON
 * (`Content-Type: application/json`), else `bodyText` (`text/plain`), else the spec's example for this
 * status (with its media type), else empty with `Content-Length: 0`. `headers` override the defaults.
 */
export interface RespondFault extends FaultTiming, CommitOption {
  readonly kind: "respond";
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly bodyText?: string;
  readonly retryAfter?: RetryAfterValue;
  /**
   * Compress the answer's body with this coding (node:zlib) and send `Content-Encoding`, whatever the request's
   * `Accept-Encoding` says: e.g. a large `bodyText` gzip-compressed to test a client's cap on decoded size.
   */
  readonly contentEncoding?: "gzip" | "br" | "deflate";
}

/** Reset the connection (TCP RST) before any response byte: the client sees ECONNRESET. */
export interface ResetFault extends CommitOption {
  readonly kind: "reset";
  readonly delayBeforeHeadersMs?: number;
}

/** Send the status line and headers (chunked framing), wait `resetAfterMs`, then reset the connection. */
export interface ResetAfterHeadersFault extends CommitOption {
  readonly kind: "reset-after-headers";
  readonly delayBeforeHeadersMs?: number;
  /** @default the operation's first documented 2xx status, else 200 */
  readonly status?: number;
  /** Time for the headers to reach the client before the RST. @default 20 */
  readonly resetAfterMs?: number;
}

/**
 * Never finish the response. With `afterHeaders`, the status line and headers (chunked) are sent first and
 * `partialBody` (if any) after `delayBeforeBodyMs`; the socket then stays open until the client gives up or
 * the server closes.
 */
export interface HangFault extends CommitOption {
  readonly kind: "hang";
  readonly delayBeforeHeadersMs?: number;
  readonly afterHeaders?: boolean;
  /** @default the operation's first documented 2xx status, else 200 */
  readonly status?: number;
  readonly partialBody?: string;
  readonly delayBeforeBodyMs?: number;
}

/**
 * Cut the body short and close the connection: with `content-length` framing the header announces the whole
 * body and `sendBytes` of it are sent; with `chunked` framing the terminating chunk never comes.
 */
export interface TruncatedBodyFault extends CommitOption {
  readonly kind: "truncated-body";
  readonly delayBeforeHeadersMs?: number;
  /** @default the operation's first documented 2xx status, else 200 */
  readonly status?: number;
  /** @default "content-length" */
  readonly framing?: "content-length" | "chunked";
  /** The body to cut. @default the real answer's body (or `{"id":"truncated","items":[1,2,3]}` when it is empty) */
  readonly bodyText?: string;
  /** @default half of the body, rounded down */
  readonly sendBytes?: number;
}

/** A complete HTTP message whose JSON body does not parse (`Content-Type: application/json`). */
export interface MalformedJsonFault extends FaultTiming, CommitOption {
  readonly kind: "malformed-json";
  /** @default the operation's first documented 2xx status, else 200 */
  readonly status?: number;
  /** @default `{"id":` */
  readonly bodyText?: string;
}

/**
 * An empty body, framed four ways (the wire bytes are the point):
 * `chunked`: `Transfer-Encoding: chunked`, no Content-Length, only the `0\r\n\r\n` terminator;
 * `content-length-zero`: `Content-Length: 0`;
 * `close-delimited`: `Connection: close`, neither Content-Length nor Transfer-Encoding, socket closed after headers;
 * `no-content`: status 204 (default), no Content-Type, no Content-Length.
 * The first three send `Content-Type: application/json`.
 */
export interface EmptyBodyFault extends Omit<FaultTiming, "framing">, CommitOption {
  readonly kind: "empty-body";
  readonly framing: "chunked" | "content-length-zero" | "close-delimited" | "no-content";
  /** @default 204 for `no-content`, else the operation's first documented 2xx status, else 200 */
  readonly status?: number;
}

/**
 * Serve the answer as a stream (what `pass` does on a route whose success answer is `text/event-stream`,
 * `application/x-ndjson`, `application/jsonl` or `application/json-seq`; on any other route it streams SSE):
 * `events` events (the spec's example or derived body; an array's elements in turn), one every `intervalMs`
 * after `firstEventDelayMs`, then the end. Faults: `stallAfter` N events (connection left open, nothing more),
 * `resetAfter` N events (TCP RST), `malformedAfter` N events (a line that is not JSON, then the end),
 * `heartbeatOnly` (an SSE comment every `heartbeatMs`, never an event).
 */
export interface StreamFault extends CommitOption {
  readonly kind: "stream";
  /** @default 3 */
  readonly events?: number;
  /** @default 100 */
  readonly intervalMs?: number;
  /** @default 0 */
  readonly firstEventDelayMs?: number;
  readonly stallAfter?: number;
  readonly resetAfter?: number;
  readonly malformedAfter?: number;
  readonly heartbeatOnly?: boolean;
  /** @default 1000 */
  readonly heartbeatMs?: number;
}

/** One thing the server can do with one request. */
export type Fault =
  | PassFault
  | RespondFault
  | ResetFault
  | ResetAfterHeadersFault
  | HangFault
  | TruncatedBodyFault
  | MalformedJsonFault
  | EmptyBodyFault
  | StreamFault;

/** The `kind` of a {@link Fault}. */
export type FaultKind = Fault["kind"];

/** A script entry: a fault for one request, or the same fault for `times` requests in a row. */
export type ScriptStep = Fault | { readonly times: number; readonly fault: Fault };

/**
 * Request n (1-based, counted per route or per Idempotency-Key) gets the n-th step; after the steps, `after`
 * (default `{ kind: "pass" }`), or the script again from the top when `loop` is true.
 */
export interface ScriptPlan {
  readonly mode: "script";
  readonly steps: readonly ScriptStep[];
  readonly after?: Fault;
  readonly loop?: boolean;
  /** `idempotency-key`: one counter per key value (requests without the header share one). @default "route" */
  readonly countBy?: "route" | "idempotency-key";
}

/** Each request draws a fault by weight from a PRNG seeded with `seed`: the same seed gives the same sequence. */
export interface RandomPlan {
  readonly mode: "random";
  /** A 32-bit integer seed (mulberry32). */
  readonly seed: number;
  readonly mix: readonly { readonly weight: number; readonly fault: Fault }[];
}

/**
 * The fault depends on the time since the plan was set: the first phase whose `untilMs` lies ahead applies;
 * the last phase, which has no `untilMs`, applies from then on.
 */
export interface TimelinePlan {
  readonly mode: "timeline";
  readonly phases: readonly { readonly untilMs?: number; readonly fault: Fault }[];
}

/** A per-route fault plan. */
export type FaultPlan = ScriptPlan | RandomPlan | TimelinePlan;

/**
 * A route: `"METHOD /path/{template}"` exactly as in the spec (e.g. `"POST /charges"`), or an operationId
 * (e.g. `"createCharge"`).
 */
export type RouteSelector = string;

/** A plan file for the CLI, YAML or JSON: `{ faults: { "<route>": <FaultPlan>, ... } }`. */
export interface FaultPlanFile {
  readonly faults: Readonly<Record<RouteSelector, FaultPlan>>;
}
