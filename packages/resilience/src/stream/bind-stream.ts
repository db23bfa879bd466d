import type { AnyCallOptions } from "../call-options.js";
import type { BoundOperation } from "../client/bind-operations.js";
import { isOutboundError } from "../errors.js";
import { moveInitSignal } from "../internal/init-signal.js";
import type { StreamSession } from "./event-stream-session.js";
import { streamOf } from "./opened-streams.js";
import type { EventStream } from "./stream-event.js";
import { handleOf } from "./stream-handle.js";
import type { StreamMeta } from "./stream-meta.js";
import { asReconnect } from "./stream-reconnect.js";

/** openapi-fetch's result, as far as this file reads it. */
interface FetchResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/**
 * The generated method of an operation that streams (`OperationMeta.stream`): `method` (one logical call, open on
 * the first event) whose successful streamed answer comes back as `{ data: EventStream, response }`; an error
 * status stays `{ error, response }` as for any method, and a 2xx the downstream chose to answer whole (not a
 * streamed media type) is read as text unless the init gives a `parseAs`. The call's `signal` keeps ending the
 * stream after the call is over (`ABORTED`, thrown by the loop). The body flag of `meta` (`stream: true`) is set on
 * a plain-object body that does not set it. With `stream.resume` and an `idempotent` operation,
 * the stream reconnects after an interruption (see {@link resumingStream}). A `data` the caller drops unclosed is
 * closed when it is garbage-collected (see `stream-handle.ts`).
 */
export function withStream(method: BoundOperation, meta: StreamMeta): BoundOperation {
  const open = async (init: object | undefined, callOptions: AnyCallOptions | undefined) => {
    const given = init as { parseAs?: unknown; body?: unknown } | undefined;
    const sent: Record<string, unknown> = { ...init };
    if (given?.parseAs === undefined) sent.parseAs = "text";
    const { flag } = meta;
    if (flag !== undefined && isPlainObject(given?.body) && !(flag in given.body))
      sent.body = { ...given.body, [flag]: true };
    const result = (await method(sent, callOptions)) as FetchResult;
    const stream = streamOf(result.response) as StreamSession<unknown> | undefined;
    stream?.follow(callOptions?.signal);
    return { result, stream };
  };
  return async (givenInit, givenOptions) => {
    // The init's signal is the call's: the stream keeps following it after the call is over.
    const { init, options: callOptions } = moveInitSignal(givenInit, givenOptions);
    const { result, stream } = await open(init, callOptions);
    if (stream === undefined) return result;
    const data = stream.resumable ? resumingStream(stream, init, callOptions, open) : handleOf(stream);
    return { data, error: undefined, response: result.response };
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

type Opener = (
  init: object | undefined,
  callOptions: AnyCallOptions | undefined,
) => Promise<{ readonly result: FetchResult; readonly stream: StreamSession<unknown> | undefined }>;

/** Failures a reconnect may cure: the connection went silent or broke. */
const RESUMABLE = new Set(["STREAM_IDLE_TIMEOUT", "STREAM_INTERRUPTED"]);

/**
 * `first`, reconnected with `Last-Event-ID` (WHATWG HTML §9.2.4) after an idle timeout or an interruption, when an
 * event with an id was received, at most `maxReconnects` times, each taking a token of the retry budget (none
 * left: the failure is thrown as it is). Each reconnect is one logical call (its own deadline and retries before
 * its first event; its attempt span says `outbound.stream.reconnect`). A reconnect that fails, or answers without
 * a stream, ends the loop with the stream's own failure (its `cause` chain unchanged), except the caller's abort
 * (its `signal`), thrown as `ABORTED` as on every other path. Dropped unclosed, it closes
 * its current connection when it is garbage-collected, and a reconnect still under way closes on arrival.
 */
export function resumingStream(
  first: StreamSession<unknown>,
  init: object | undefined,
  callOptions: AnyCallOptions | undefined,
  open: Opener,
): EventStream<unknown> {
  let current = first;
  let reconnects = 0;
  let lastEventId: string | undefined;
  let delivered = 0;
  let collected = false;
  async function* events(): AsyncGenerator<unknown, void, undefined> {
    for (;;) {
      try {
        for await (const event of current) {
          delivered += 1;
          lastEventId = current.lastEventId ?? lastEventId;
          yield event;
        }
        return;
      } catch (error) {
        lastEventId = current.lastEventId ?? lastEventId;
        if (!isOutboundError(error) || !RESUMABLE.has(error.code) || lastEventId === undefined) throw error;
        if (current.reconnectsLeft === 0) throw error;
        const release = current.acquireRetry();
        if (release === undefined) throw error;
        reconnects += 1;
        const headers = { ...callOptions?.headers, "last-event-id": lastEventId };
        let next: StreamSession<unknown> | undefined;
        try {
          next = (await open(init, asReconnect({ ...callOptions, headers }, reconnects))).stream;
        } catch (failure) {
          // The caller's abort while reconnecting is thrown as it is (`ABORTED`, its reason as `cause`).
          if (isOutboundError(failure) && failure.code === "ABORTED") throw failure;
          next = undefined;
        } finally {
          release();
        }
        if (next === undefined) throw error;
        current = next;
        if (collected) current.collect();
      }
    }
  }
  let iterator: AsyncGenerator<unknown, void, undefined> | undefined;
  return handleOf({
    get response() {
      return current.response;
    },
    get lastEventId() {
      return current.lastEventId ?? lastEventId;
    },
    get eventsReceived() {
      return delivered;
    },
    abort: () => current.abort(),
    collect: () => {
      collected = true;
      current.collect();
    },
    [Symbol.asyncIterator]: () => {
      iterator ??= events();
      return iterator;
    },
  });
}
