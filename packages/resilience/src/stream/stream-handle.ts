import type { EventStream } from "./stream-event.js";

/** What a dropped handle closes: a stream session, or the reconnecting loop around one. */
export interface Collectable {
  /** Closes the stream (socket destroyed, timers cleared, span ended, bulkhead slot released); idempotent. */
  collect(): void;
}

/**
 * Closes the stream of every handle the caller dropped unclosed, once the handle is garbage-collected: the rule of
 * undici's fetch, which cancels the body of a `Response` that was collected unread (`lib/web/fetch/body.js`,
 * `streamRegistry`). The held value is the stream itself, which never refers back to its handle (the timers,
 * the socket's listeners and the caller's signal all hold the stream, never the handle), so the handle can die.
 */
const dropped = new FinalizationRegistry<Collectable>((stream) => {
  stream.collect();
});

/**
 * Registers `handle`, the object the caller holds, so that `stream` is closed when `handle` is garbage-collected
 * while still open. `stream` must not refer to `handle` (else the handle never dies).
 */
export function closeWhenDropped(handle: object, stream: Collectable): void {
  dropped.register(handle, stream);
}

/** A stream the caller may hold: the {@link EventStream} surface plus {@link Collectable}. */
export interface HandledStream<Event> extends EventStream<Event>, Collectable {}

/**
 * The {@link EventStream} the caller gets for `stream`: the same stream seen through a handle that
 * {@link closeWhenDropped} watches. The iterator the handle gives keeps the handle alive, and so does each of its
 * pending pulls, so a loop that holds only the iterator, or a caller awaiting only a `next()`, is never cut.
 */
export function handleOf<Event>(stream: HandledStream<Event>): EventStream<Event> {
  const handle: EventStream<Event> = {
    get response() {
      return stream.response;
    },
    get lastEventId() {
      return stream.lastEventId;
    },
    get eventsReceived() {
      return stream.eventsReceived;
    },
    abort: () => stream.abort(),
    [Symbol.asyncIterator]() {
      return pinning(stream[Symbol.asyncIterator](), this);
    },
  };
  closeWhenDropped(handle, stream);
  return handle;
}

/** `iterator`, keeping `handle` reachable for as long as the iterator is, or one of its pulls is pending. */
function pinning<Event>(
  iterator: AsyncIterator<Event, void, undefined>,
  handle: object,
): AsyncIterableIterator<Event, void, undefined> & { readonly handle: object } {
  // A pending pull keeps the handle alive: the caller may hold nothing but its promise (`await
  // data[Symbol.asyncIterator]().next()`), and the stream holds the pull until it settles. One reaction for all pulls.
  const keep = (): object => handle;
  return {
    handle,
    next: () => {
      const pull = iterator.next();
      pull.then(keep, keep);
      return pull;
    },
    return: async (value?: void | PromiseLike<void>) =>
      iterator.return === undefined ? { done: true, value: await value } : iterator.return(value),
    throw: async (error?: unknown) => {
      if (iterator.throw === undefined) throw error;
      return iterator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
