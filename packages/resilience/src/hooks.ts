import type { BreakerState } from "./downstream-types.js";
import type { AnyOutboundError } from "./errors.js";

/** What every hook event names: the downstream and, for call events, the operation. */
export interface HookEventBase {
  /** Downstream name. */
  readonly downstream: string;
  /** The operation's operationId. */
  readonly operationId: string;
}

/** An attempt is about to be sent. */
export interface AttemptEvent extends HookEventBase {
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template of the operation (`url.template`), never the concrete URL (it may hold secrets). */
  readonly urlTemplate: string;
  /** Attempt timeout in ms for this attempt: `min(attemptTimeoutMs, time left)`. */
  readonly timeoutMs: number;
}

/** Why an attempt failed, without headers or bodies (secrets never reach a hook). */
export interface AttemptFailure {
  /** HTTP status when the downstream answered, else undefined. */
  readonly status?: number;
  /** Error code (`TIMEOUT`, `NETWORK` ...) when no response came back. */
  readonly code?: AnyOutboundError["code"];
  /** System / undici code for network failures (`ECONNRESET` ...). */
  readonly networkCode?: string;
}

/** A retry is scheduled after `attempt` failed. */
export interface RetryEvent extends HookEventBase {
  /** The attempt that failed (1-based); the next one is `attempt + 1`. */
  readonly attempt: number;
  /** Wait before the next attempt, in ms. */
  readonly delayMs: number;
  /** Where the wait comes from: the backoff schedule or the downstream's Retry-After / retry-after-ms. */
  readonly delaySource: "backoff" | "retry-after";
  /** The failure that is retried. */
  readonly failure: AttemptFailure;
}

/** Why a logical call stopped without success. */
export type GiveUpReason =
  | "max-attempts"
  | "not-retryable"
  | "non-replayable-body"
  | "deadline"
  | "retry-budget"
  | "retry-after-too-long"
  | "circuit-open"
  | "bulkhead-full"
  | "aborted";

/** A logical call stopped retrying and returns its last failure (an error, or the last HTTP response). */
export interface GiveUpEvent extends HookEventBase {
  /** Attempts made. */
  readonly attempts: number;
  /** Why no further attempt was made. */
  readonly reason: GiveUpReason;
  /** The last failure. */
  readonly failure: AttemptFailure;
}

/** A breaker changed state. `operationId` is set only for per-operation breakers. */
export interface BreakerEvent {
  readonly downstream: string;
  readonly operationId?: string;
  /** The state entered. */
  readonly state: BreakerState;
}

/**
 * Hooks for logging and metrics. Each is called synchronously; an exception thrown by a hook is swallowed so
 * that observability never breaks a call. Events carry no headers, bodies or URLs with query strings.
 */
export interface ResilienceHooks {
  /** Before each attempt is sent. */
  readonly onAttempt?: (event: AttemptEvent) => void;
  /** When a retry has been scheduled (before the wait). */
  readonly onRetry?: (event: RetryEvent) => void;
  /** When a breaker opens. */
  readonly onBreak?: (event: BreakerEvent) => void;
  /** When a breaker becomes half-open (lets one probe through). */
  readonly onHalfOpen?: (event: BreakerEvent) => void;
  /** When a breaker closes again after a successful probe. */
  readonly onReset?: (event: BreakerEvent) => void;
  /** When a logical call stops without success. */
  readonly onGiveUp?: (event: GiveUpEvent) => void;
}
