import type { Attributes } from "@opentelemetry/api";
import { AbortedError, type OutboundErrorContext } from "../errors.js";
import type { AttemptTelemetry } from "../internal/telemetry.js";
import { networkCodeOf, type Verdict } from "../internal/verdict.js";
import type { StreamOpening } from "./open-stream.js";
import {
  type AnyStreamError,
  StreamDurationExceededError,
  StreamIdleTimeoutError,
  StreamInterruptedError,
  StreamMalformedError,
  StreamUnpulledError,
} from "./stream-errors.js";
import type { EventStream } from "./stream-event.js";
import { FrameTooLargeRejection, type StreamFrame } from "./stream-frame.js";
import type { StreamMeta } from "./stream-meta.js";
import type { ResolvedStreamOptions } from "./stream-options.js";
import { UnpulledTimer } from "./unpulled-timer.js";

/** What a session is about: the call's identity for its errors, its options, and the attempt's span. */
export interface StreamSessionInit {
  readonly context: OutboundErrorContext;
  readonly meta: StreamMeta;
  readonly options: ResolvedStreamOptions;
  readonly span: AttemptTelemetry;
  readonly status: number;
  readonly verdict: Verdict;
  /** Which reconnect (with `Last-Event-ID`) of a resumed stream this is; 0 for the first connection. */
  readonly reconnect: number;
  /** Whether a failure may be resumed with `Last-Event-ID`: `idempotent` operation and `maxReconnects` > 0. */
  readonly resumable: boolean;
  /** Takes a token of the downstream's retry budget for a reconnect; its release, or undefined when exhausted. */
  readonly acquireRetry: () => (() => void) | undefined;
}

/**
 * How a stream ended, for its span (`outbound.stream.end`): `complete` (the body ended), `aborted` (`abort()`),
 * `abandoned` (the loop left by `break`, `return` or a throw), `collected` (the caller dropped its
 * {@link EventStream} unclosed and it was garbage-collected, see `stream-handle.ts`), or the failure's code.
 */
type StreamEnd = "complete" | "aborted" | "abandoned" | "collected" | AnyStreamError["code"] | "ABORTED";

/**
 * One open stream: owns the body on the wire, its frames, the idle, unpulled and duration timers, the attempt span
 * (ended with the stream, with events counted and the time to the first event) and the bulkhead slot (released with
 * the stream). Every way out (end, failure, `abort()`, `break`, caller signal, the caller's handle collected) goes
 * through {@link close}, once: the socket destroyed unless the body ended, the timers cleared, the span ended, the
 * slot released. It never refers to the handle the caller holds (`stream-handle.ts`), so that handle can be
 * garbage-collected while the timers and the socket still hold the session.
 */
export class StreamSession<Event> implements EventStream<Event> {
  readonly response: Response;
  lastEventId: string | undefined = undefined;
  eventsReceived = 0;
  readonly #opening: StreamOpening;
  readonly #init: StreamSessionInit;
  #ended: boolean;
  #failure: AnyStreamError | AbortedError | undefined = undefined;
  #closed = false;
  #release: (() => void) | undefined = undefined;
  #idle: ReturnType<typeof setTimeout> | undefined = undefined;
  readonly #duration: ReturnType<typeof setTimeout>;
  readonly #unpulled: UnpulledTimer;
  #iterator: AsyncGenerator<Event, void, undefined> | undefined = undefined;
  #unfollow: (() => void) | undefined = undefined;

  constructor(response: Response, opening: StreamOpening, init: StreamSessionInit) {
    this.response = response;
    this.#opening = opening;
    this.#init = init;
    this.#ended = opening.ended;
    const { maxStreamDurationMs, unpulledTimeoutMs } = init.options;
    this.#duration = setTimeout(
      () => this.#fail(new StreamDurationExceededError({ ...this.#context(), maxStreamDurationMs })),
      maxStreamDurationMs,
    );
    this.#unpulled = new UnpulledTimer(unpulledTimeoutMs, () =>
      this.#fail(new StreamUnpulledError({ ...this.#context(), unpulledTimeoutMs })),
    );
    opening.queue.onActivity = () => {
      if (this.#idle !== undefined) this.#armIdle();
    };
    if (this.#ended && opening.queue.frames.length === 0) this.#close("complete");
  }

  /** Holds the attempt's bulkhead slot until the stream closes (released at once if it already has). */
  holdSlot(release: (() => void) | undefined): void {
    if (this.#closed) release?.();
    else this.#release = release;
  }

  [Symbol.asyncIterator](): AsyncGenerator<Event, void, undefined> {
    this.#iterator ??= this.#events();
    return this.#iterator;
  }

  abort(): void {
    this.#close("aborted");
  }

  /**
   * Closes the stream because its caller dropped it unclosed (its handle was garbage-collected): like `abort()`,
   * with `outbound.stream.end` `collected`. Idempotent.
   */
  collect(): void {
    this.#close("collected");
  }

  /** Whether {@link StreamSessionInit.resumable}; see there. */
  get resumable(): boolean {
    return this.#init.resumable;
  }

  /** How many reconnects may still follow this connection (`maxReconnects` minus this one's number). */
  get reconnectsLeft(): number {
    return Math.max(0, this.#init.options.maxReconnects - this.#init.reconnect);
  }

  /** See {@link StreamSessionInit.acquireRetry}. */
  acquireRetry(): (() => void) | undefined {
    return this.#init.acquireRetry();
  }

  /** Ends the stream with `ABORTED` when the caller's `signal` aborts; the listener goes when the stream closes. */
  follow(signal: AbortSignal | undefined): void {
    if (signal === undefined || this.#closed) return;
    if (signal.aborted) {
      this.abortWith(signal.reason);
      return;
    }
    const onAbort = (): void => this.abortWith(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    this.#unfollow = () => signal.removeEventListener("abort", onAbort);
  }

  /** Ends the stream with the caller's abort (`ABORTED`, `cause` the signal's reason): the loop throws it. */
  abortWith(reason: unknown): void {
    this.#fail(new AbortedError({ ...this.#init.context, cause: reason }));
  }

  async *#events(): AsyncGenerator<Event, void, undefined> {
    let end: StreamEnd = "abandoned";
    this.#unpulled.pullStarted();
    try {
      for (;;) {
        if (this.#failure !== undefined) throw this.#failure;
        if (this.#closed) {
          end = "aborted";
          return;
        }
        const frame = this.#opening.queue.frames.shift();
        if (frame !== undefined) {
          const event = this.#deliver(frame);
          this.#clearIdle();
          this.#unpulled.pullEnded();
          yield event;
          this.#unpulled.pullStarted();
          continue;
        }
        if (this.#ended) {
          end = "complete";
          return;
        }
        await this.#read();
      }
    } catch (error) {
      end = this.#failure?.code ?? "abandoned";
      throw error;
    } finally {
      this.#close(end);
    }
  }

  /** Reads one chunk from the socket under the idle timer, or learns why it cannot. */
  async #read(): Promise<void> {
    if (this.#idle === undefined) this.#armIdle();
    const { chunks, decoder } = this.#opening;
    try {
      const next = await chunks.next();
      if (this.#failure !== undefined) return;
      if (next.done === true) {
        decoder.end();
        this.#ended = true;
      } else decoder.push(next.value);
    } catch (error) {
      if (this.#failure !== undefined || this.#closed) return;
      if (error instanceof FrameTooLargeRejection)
        this.#fail(new StreamMalformedError({ ...this.#context(), reason: error.message }));
      else this.#fail(new StreamInterruptedError({ ...this.#context(), networkCode: networkCodeOf(error) }));
    }
  }

  /** The frame as the caller's event (its data parsed as the spec says), counted. */
  #deliver(frame: StreamFrame): Event {
    const json = this.#init.meta.data === "json";
    const text = frame.kind === "sse" ? frame.data : frame.text;
    let data: unknown = text;
    if (json) {
      try {
        data = JSON.parse(text);
      } catch (error) {
        const position = /at position (\d+)/.exec((error as Error).message)?.[1];
        const at = position === undefined ? "" : ` at position ${position}`;
        const failure = new StreamMalformedError({ ...this.#context(), reason: `event data is not valid JSON${at}` });
        this.#fail(failure);
        throw failure;
      }
    }
    this.eventsReceived += 1;
    if (frame.kind === "item") return data as Event;
    if (frame.id !== undefined) this.lastEventId = frame.id;
    return { event: frame.event, data, id: frame.id, retry: frame.retry } as Event;
  }

  #context() {
    return { ...this.#init.context, lastEventId: this.lastEventId, eventsReceived: this.eventsReceived };
  }

  #armIdle(): void {
    this.#clearIdle();
    const { idleTimeoutMs } = this.#init.options;
    this.#idle = setTimeout(
      () => this.#fail(new StreamIdleTimeoutError({ ...this.#context(), idleTimeoutMs })),
      idleTimeoutMs,
    );
  }

  #clearIdle(): void {
    if (this.#idle !== undefined) clearTimeout(this.#idle);
    this.#idle = undefined;
  }

  /** Ends the stream with `failure`: the socket closes now, the loop throws it at its next pull. */
  #fail(failure: AnyStreamError | AbortedError): void {
    if (this.#closed) return;
    this.#failure = failure;
    this.#close(failure.code);
  }

  #close(end: StreamEnd): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#clearIdle();
    clearTimeout(this.#duration);
    this.#unpulled.clear();
    this.#opening.queue.onActivity = undefined;
    this.#unfollow?.();
    this.#unfollow = undefined;
    if (!this.#ended) this.#opening.body.destroy();
    const { span, status, verdict, reconnect } = this.#init;
    const failed = this.#failure !== undefined;
    const attributes: Attributes = {
      "outbound.stream.events": this.eventsReceived,
      "outbound.stream.time_to_first_event_ms": Math.round(this.#opening.timeToFirstEventMs),
      "outbound.stream.end": end,
    };
    if (reconnect > 0) attributes["outbound.stream.reconnect"] = reconnect;
    span.end(status, failed ? { ...verdict, errorType: end } : verdict, attributes);
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
