import { decorrelatedJitterGenerator, ExponentialBackoff, type IBackoff } from "cockatiel";
import type { JitterMode } from "../options.js";

/** Backoff settings (already validated: 0 <= initialDelayMs <= maxDelayMs, both finite). */
export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly jitter: JitterMode;
}

/** Past this exponent `2^n` is irrelevant (any positive base times it exceeds every finite max); keeps maths finite. */
const MAX_EXPONENT = 1_000;

/**
 * The un-jittered delay before retry `retry` (1-based): `min(maxDelayMs, initialDelayMs * 2^(retry-1))`, finite
 * for any retry count (the exponent is capped, so no `Infinity * 0 = NaN`).
 */
export function exponentialDelay(retry: number, options: BackoffOptions): number {
  if (options.initialDelayMs === 0) return 0;
  const exponent = Math.min(Math.max(0, Math.floor(retry) - 1), MAX_EXPONENT);
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** exponent);
}

/**
 * Delay in ms before retry `retry` for the stateless modes. `equal` jitter (AWS "equal jitter") is uniform in
 * [d/2, d], so a saturated schedule never collapses towards 0; `none` is exactly d. `random` returns [0, 1).
 */
export function backoffDelay(retry: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = exponentialDelay(retry, options);
  if (options.jitter === "none") return base;
  // Bounded to [d/2, d] again: with subnormal delays the sum can round just outside the interval.
  const half = base / 2;
  return clamp(Math.min(base, Math.max(half, half + random() * half)), options);
}

function clamp(delay: number, options: BackoffOptions): number {
  if (!Number.isFinite(delay)) return options.initialDelayMs === 0 ? 0 : options.maxDelayMs;
  return Math.min(options.maxDelayMs, Math.max(0, delay));
}

/** The delays of one logical call's retries, in order. */
export interface BackoffSchedule {
  /** Delay in ms before the next retry; always finite and within [0, maxDelayMs]. */
  next(): number;
}

/**
 * A schedule for one logical call. `decorrelated` uses cockatiel's decorrelated-jitter generator (Polly's
 * DecorrelatedJitterV2, exponent 2; fixed for NaN in cockatiel 3.1.3), whose state lives across retries; its
 * output is clamped again here so no delay is ever non-finite or out of range.
 */
export function createBackoffSchedule(options: BackoffOptions, random: () => number = Math.random): BackoffSchedule {
  if (options.jitter !== "decorrelated") {
    let retry = 0;
    return { next: () => backoffDelay(++retry, options, random) };
  }
  const factory = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: options.initialDelayMs,
    maxDelay: options.maxDelayMs,
    exponent: 2,
  });
  let current: IBackoff<unknown> | undefined;
  return {
    next: () => {
      current = current === undefined ? factory.next() : current.next(undefined);
      return clamp(current.duration, options);
    },
  };
}
