const BRAND = Symbol.for("@outbound/resilience.InvalidOptionsError");

/**
 * Options given to `createDownstream`, `createTransport` or a call were invalid (negative timeout, initial delay
 * above the maximum, ratio outside 0..1 ...). Thrown at construction (or when the call starts, for call options),
 * never later. `option` is the dotted path of the offending field, e.g. `retry.maxDelayMs`.
 */
export class InvalidOptionsError extends Error {
  readonly code = "INVALID_OPTIONS" as const;
  override readonly name = "InvalidOptionsError";
  /** Dotted path of the offending option, e.g. `breaker.failureRatio`. */
  readonly option: string;
  constructor(option: string, problem: string, fix: string) {
    super(`Invalid option ${option}: ${problem}. ${fix}`);
    this.option = option;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for an {@link InvalidOptionsError} from any copy of this package. */
export function isInvalidOptionsError(value: unknown): value is InvalidOptionsError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
