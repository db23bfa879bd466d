/**
 * One server-sent event as a stream method yields it (WHATWG HTML §9.2.6): its type (`message` when the event
 * names none), its data (parsed as JSON when the spec says the data is JSON, else the text), its `id` field, and
 * the reconnection time a `retry` field sent since the previous event asked for (ms).
 */
export interface ServerSentEvent<Data = string> {
  readonly event: string;
  readonly data: Data;
  readonly id: string | undefined;
  readonly retry: number | undefined;
}

/**
 * A streamed answer, open on its first event: `for await (const event of stream)` pulls the events one by one from
 * the socket (SSE: {@link ServerSentEvent}; NDJSON and JSON text sequences: one parsed item per line). Breaking
 * out, returning or throwing from the loop closes the socket at once, as does {@link EventStream.abort}. A failure
 * after the first event is thrown by the loop as a typed error (`STREAM_IDLE_TIMEOUT`, `STREAM_INTERRUPTED`,
 * `STREAM_DURATION_EXCEEDED`, `STREAM_MALFORMED`, `STREAM_UNPULLED`) carrying `lastEventId`. One consumer: a
 * second loop continues where the first stopped (after a `break`, the stream is closed and yields nothing more).
 * A stream dropped without any of these (never iterated, or let go between two pulls) is closed once it and its
 * iterator are garbage-collected, as undici's fetch cancels the body of a collected `Response`
 * (`outbound.stream.end` `collected`), or once nobody pulled it for `unpulledTimeoutMs` (5 min by default; the
 * next pull throws `STREAM_UNPULLED`), whichever comes first.
 */
export interface EventStream<Event> extends AsyncIterable<Event> {
  /** The response: status and headers (its body is the stream; read it only through the iterator). */
  readonly response: Response;
  /** The `id` of the last event received with one (WHATWG "last event ID"); undefined before any. */
  readonly lastEventId: string | undefined;
  /** Events delivered so far. */
  readonly eventsReceived: number;
  /** Closes the stream and its socket now; a loop over it ends without error. Idempotent. */
  abort(): void;
}
