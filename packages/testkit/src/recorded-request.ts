import type { FaultKind } from "./fault-plan.js";

/** How the exchange of a recorded request ended. */
export type RequestOutcome =
  /** Still open: being processed, delayed, trickling or hanging. */
  | "pending"
  /** The whole response was written. */
  | "finished"
  /** The server reset the connection (a fault). */
  | "reset"
  /** The server closed the connection before the response finished (truncated body, or `close()` while open). */
  | "closed-by-server"
  /** The client closed or reset the connection before the response was finished. */
  | "closed-by-client";

/** One part of a `multipart/form-data` request body as the server received it. */
export interface RecordedPart {
  /** The part's `name` (Content-Disposition, RFC 7578 §4.2). */
  readonly name: string;
  /** The part's `filename`, when it has one. */
  readonly filename: string | undefined;
  /** The part's Content-Type without parameters; `text/plain` when the part sent none (RFC 7578 §4.4). */
  readonly contentType: string;
  /** The part's exact bytes. */
  readonly bytes: Buffer;
  /** The part's headers, names lower-cased (`content-disposition`, `content-type`, `x-checksum`, …). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * One request as the server saw it. Times are `performance.now()` milliseconds of the server's process (the
 * same clock as the test's when the server runs in-process). Fields after `fault` change while the exchange
 * goes on.
 */
export interface RecordedRequest {
  /** 1-based arrival number across the server. */
  readonly seq: number;
  /** 1-based arrival number within its route (0 when no route matched). */
  readonly routeSeq: number;
  readonly method: string;
  /** The request target as sent (path and query). */
  readonly url: string;
  /** The path without query. */
  readonly path: string;
  /** `METHOD /template` of the matched route, or undefined (answered 404/405). */
  readonly route: string | undefined;
  readonly operationId: string | undefined;
  /** Header names lower-case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The exact request body bytes (complete once `bodyComplete`). */
  readonly body: Buffer;
  readonly bodyComplete: boolean;
  /** The parsed body when it was JSON. */
  readonly json: unknown;
  /** The operation's declared request media type the body's Content-Type matched (e.g. `multipart/form-data`). */
  readonly bodyMediaType: string | undefined;
  /**
   * The body decoded by its media type, as validated: the JSON value; form fields decoded (repeated keys and `a[]`
   * as arrays, `a[b][c]` as nested objects) and coerced to the schema's types; multipart fields (JSON parts parsed,
   * file and binary parts as `Buffer`); a text body's string; a binary body's bytes. Undefined without a body.
   */
  readonly decodedBody: unknown;
  /** The parts of a multipart body, in arrival order (undefined for other media types). */
  readonly parts: readonly RecordedPart[] | undefined;
  /** The value of the operation's idempotency key header, if sent. */
  readonly idempotencyKey: string | undefined;
  /**
   * Why the request breaks the spec (empty when it fits); checked for every request, faulted or not: parameters,
   * the body by its media type (JSON, form fields with their styles and deepObject brackets, multipart parts and
   * their content types, text), an undeclared Content-Type (answered 415) and an Accept header matching none of the
   * operation's response media types (answered 406). Other violations are answered 400.
   */
  readonly validationErrors: readonly string[];
  /** When the request head arrived. */
  readonly arrivedAt: number;
  /** Requests of the same route in flight when this one arrived, itself included (1 = alone). */
  readonly concurrentAtArrival: number;
  /** Server-side id of the TCP connection (1-based, per server); equal ids mean a reused keep-alive socket. */
  readonly socketId: number;
  readonly remotePort: number;
  /** The fault the plan chose (`pass` without a plan). */
  readonly fault: FaultKind;
  /** True when the answer replayed a stored Idempotency-Key result. */
  readonly replayed: boolean;
  /** True when the operation was carried out (state changed / ledger written where it applies). */
  readonly committed: boolean;
  /** Status line sent, if any. */
  readonly status: number | undefined;
  /** When the status line and headers were written. */
  readonly headersSentAt: number | undefined;
  /** When the response was completely written. */
  readonly finishedAt: number | undefined;
  /** When the connection closed before the response finished (client gave up, or a fault closed it). */
  readonly closedAt: number | undefined;
  readonly outcome: RequestOutcome;
}
