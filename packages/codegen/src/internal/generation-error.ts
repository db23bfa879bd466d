/** What went wrong in a generation, as a literal code a caller can `switch` on. */
export type GenerationErrorCode =
  | "SPEC_NOT_FOUND"
  | "SPEC_SYNTAX"
  | "SPEC_VERSION"
  | "SPEC_INVALID"
  | "REF_BROKEN"
  | "REF_REFUSED"
  | "REF_CYCLE"
  | "SPEC_TOO_LARGE"
  | "OVERLAY_INVALID"
  | "CONFIG_INVALID"
  | "EXTENSION_INVALID"
  | "RETRY_ON_UNSAFE"
  | "NAME_COLLISION"
  | "OUTPUT_FAILED";

/** Where in the input a generation error points: a file and a line/column or a JSON pointer (RFC 6901). */
export interface SourceLocation {
  /** File as shown to the user (relative to the working directory where possible). */
  readonly file: string;
  /** 1-based line, when known. */
  readonly line?: number;
  /** 1-based column, when known. */
  readonly col?: number;
  /** JSON pointer into the (bundled) document, when known. */
  readonly pointer?: string;
}

const BRAND = Symbol.for("@outbound/codegen/GenerationError");

/** Formats a location as `file:line:col (#/pointer)`. */
export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}${location.col !== undefined ? `:${location.col}` : ""}`;
  if (location.pointer !== undefined) text += ` (at #${location.pointer})`;
  return text;
}

/**
 * A generation failure caused by its input (never a bug report): one paragraph naming the file, the line or JSON
 * pointer, what is wrong and the fix. The CLI prints `message` alone, without a stack trace, and exits 1.
 */
export class GenerationError extends Error {
  readonly [BRAND] = true;
  override readonly name = "GenerationError";
  /** Literal error code. */
  readonly code: GenerationErrorCode;
  /** Where the problem is, when it points into a file. */
  readonly location: SourceLocation | undefined;
  /** How to fix it, in one or two sentences. */
  readonly fix: string;
  /** What is wrong, without location and fix. */
  readonly problem: string;

  constructor(code: GenerationErrorCode, problem: string, fix: string, location?: SourceLocation, cause?: unknown) {
    const where = location ? `${formatLocation(location)}: ` : "";
    super(`${where}${problem} Fix: ${fix}`, cause === undefined ? undefined : { cause });
    this.code = code;
    this.location = location;
    this.fix = fix;
    this.problem = problem;
  }
}

/** True when `value` is a {@link GenerationError} (checked by brand, so two installed copies agree). */
export function isGenerationError(value: unknown): value is GenerationError {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
