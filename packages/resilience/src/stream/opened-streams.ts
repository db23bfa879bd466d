import type { EventStream } from "./stream-event.js";

/**
 * The stream open on each streamed response the pipeline returned. openapi-fetch hands a method's `fetch` result
 * back as `response` untouched (`parseAs: "stream"` reads nothing), so the method finds its stream here; weak, so
 * a response dropped unread leaves nothing behind.
 */
const opened = new WeakMap<Response, EventStream<unknown>>();

/** Records `stream` as the stream of `response`. */
export function rememberStream(response: Response, stream: EventStream<unknown>): void {
  opened.set(response, stream);
}

/** The stream open on `response`, if the pipeline opened one. */
export function streamOf(response: Response): EventStream<unknown> | undefined {
  return opened.get(response);
}
