import { checkNumber } from "../internal/resolve-options.js";
import { InvalidOptionsError } from "../invalid-options-error.js";
import { MAX_TIMER_MS } from "../policies/abort-source.js";

/**
 * Deadlines and limits of a streamed answer (SSE, NDJSON, JSON text sequences), per client (`stream` of the client
 * options) and per call (`stream` of the call options, field by field over the client's). The attempt timeout
 * (`attemptTimeoutMs`, clamped to the call's deadline) covers connect, headers and the first event; once the first
 * event is in, the call's deadline no longer applies and these take over.
 */
export interface StreamOptions {
  /**
   * Longest silence in ms while the iterator waits for the downstream: every event, comment (SSE `:` heartbeat)
   * and empty line resets it, and the time the caller spends between two pulls does not count. Past it the stream
   * ends with `STREAM_IDLE_TIMEOUT` and its socket is closed. @default 30000
   */
  readonly idleTimeoutMs?: number;
  /**
   * Longest time in ms the stream waits for its caller to pull: from the hand-over of `data` to the first `next()`,
   * and from each event handed over to the next `next()` (the time a pull waits for the socket is `idleTimeoutMs`'s).
   * Past it the socket is closed and the bulkhead slot freed, and the next pull throws `STREAM_UNPULLED`; so a stream
   * dropped unclosed frees them within this bound even when the garbage collector has not run. Separate from
   * `idleTimeoutMs` because a caller may rightly work between pulls (undici's `bodyTimeout` does not count while the
   * consumer has paused the body either); its default is undici's `bodyTimeout` default. @default 300000 (5 min)
   */
  readonly unpulledTimeoutMs?: number;
  /**
   * Longest life of one stream in ms, counted from its first event; past it the stream ends with
   * `STREAM_DURATION_EXCEEDED`, also while nobody pulls. @default 3600000 (1 h)
   */
  readonly maxStreamDurationMs?: number;
  /** Largest single event (or item) in bytes of text; a larger one ends the stream with `STREAM_MALFORMED`. @default 16777216 (16 MiB) */
  readonly maxEventBytes?: number;
  /**
   * Reconnects after an interruption with `Last-Event-ID` (WHATWG HTML §9.2.4), for `idempotent` operations whose
   * events carry ids; `unsafe` and `keyed` operations never resume. Each reconnect is one more logical call (own
   * deadline, retries before its first event) and takes a token of the retry budget. `false` or 0: never.
   * @default false
   */
  readonly resume?: false | { readonly maxReconnects?: number };
}

/** {@link StreamOptions} with every field set (`maxReconnects` 0: no resumption). */
export interface ResolvedStreamOptions {
  readonly idleTimeoutMs: number;
  readonly unpulledTimeoutMs: number;
  readonly maxStreamDurationMs: number;
  readonly maxEventBytes: number;
  readonly maxReconnects: number;
}

/** The defaults of {@link StreamOptions}. Frozen; tests import it. */
export const DEFAULT_STREAM_OPTIONS: ResolvedStreamOptions = Object.freeze({
  idleTimeoutMs: 30_000,
  unpulledTimeoutMs: 300_000,
  maxStreamDurationMs: 3_600_000,
  maxEventBytes: 16 * 1024 * 1024,
  maxReconnects: 0,
});

/**
 * A stream timer's value: a finite number of ms > 0, at most {@link MAX_TIMER_MS} (Node fires a longer `setTimeout`
 * after 1 ms, which would end every stream at once). @throws InvalidOptionsError
 */
function timerMs(path: string, value: number): number {
  const ms = checkNumber(path, value, "positive");
  if (ms > MAX_TIMER_MS)
    throw new InvalidOptionsError(
      path,
      `expected at most ${MAX_TIMER_MS} (Node's timer limit, about 24.8 days), got ${String(ms)}`,
      `Pass at most ${MAX_TIMER_MS}`,
    );
  return ms;
}

/** Reconnects `resume: {}` allows when it names no count. */
const DEFAULT_MAX_RECONNECTS = 3;

/**
 * `given` over `base`, field by field, validated.
 * @throws InvalidOptionsError naming `path` for a non-positive or non-finite value, a timer past
 *   {@link MAX_TIMER_MS}, or a `resume` of another shape.
 */
export function resolveStreamOptions(
  base: ResolvedStreamOptions,
  given: StreamOptions | undefined,
  path: string,
): ResolvedStreamOptions {
  if (given === undefined) return base;
  if (typeof given !== "object" || given === null)
    throw new InvalidOptionsError(
      path,
      `expected an object, got ${String(given)}`,
      "Pass { idleTimeoutMs, … } or leave it out",
    );
  const { resume } = given;
  let maxReconnects = base.maxReconnects;
  if (resume === false) maxReconnects = 0;
  else if (resume !== undefined) {
    if (typeof resume !== "object" || resume === null)
      throw new InvalidOptionsError(
        `${path}.resume`,
        `expected false or { maxReconnects }, got ${String(resume)}`,
        "Pass false or { maxReconnects: 3 }",
      );
    maxReconnects = checkNumber(
      `${path}.resume.maxReconnects`,
      resume.maxReconnects ?? DEFAULT_MAX_RECONNECTS,
      "integer>=0",
    );
  }
  return {
    idleTimeoutMs: timerMs(`${path}.idleTimeoutMs`, given.idleTimeoutMs ?? base.idleTimeoutMs),
    unpulledTimeoutMs: timerMs(`${path}.unpulledTimeoutMs`, given.unpulledTimeoutMs ?? base.unpulledTimeoutMs),
    maxStreamDurationMs: timerMs(`${path}.maxStreamDurationMs`, given.maxStreamDurationMs ?? base.maxStreamDurationMs),
    maxEventBytes: checkNumber(`${path}.maxEventBytes`, given.maxEventBytes ?? base.maxEventBytes, "integer>=1"),
    maxReconnects,
  };
}
