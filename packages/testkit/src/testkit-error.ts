/** Literal codes of {@link TestkitError}. */
export type TestkitErrorCode = "SPEC_LOAD" | "SPEC_INVALID" | "PLAN_INVALID" | "ROUTE_UNKNOWN";

const BRAND = Symbol.for("@outbound/testkit.TestkitError");

/**
 * An error of the testkit itself (bad spec, bad fault plan, unknown route), never an HTTP outcome.
 * The message names the file or JSON pointer and the fix.
 */
export class TestkitError extends Error {
  /** Which kind of mistake this is. */
  readonly code: TestkitErrorCode;
  readonly [BRAND] = true;

  constructor(code: TestkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TestkitError";
    this.code = code;
  }
}

/** True for a {@link TestkitError} from any installed copy of this package (checks a brand, not `instanceof`). */
export function isTestkitError(value: unknown): value is TestkitError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
