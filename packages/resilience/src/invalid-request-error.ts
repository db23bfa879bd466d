import { isOutboundError, OutboundError, type OutboundErrorContext } from "./errors.js";

/** Which part of a request held the refused value. */
export type InvalidRequestLocation = "path" | "header" | "url" | "body";

/**
 * The request could not be built safely from the values given, so nothing was sent (no socket opened, no attempt
 * counted, the breaker and the retry budget untouched). Raised for a path parameter that is missing, empty, `.` or
 * `..` (RFC 3986 §3.3, §5.2.4: dot segments are removed by every URL parser, so `/items/..` would silently become
 * `/`), a request path that no longer matches its operation's template, and a header name or value that breaks
 * RFC 9110 §5.1/§5.5 (CR, LF or NUL in a value: header injection), and a body its media type cannot carry (a
 * string for a binary body, a Map in a form field: `location: "body"`, `parameter` the JSON pointer in the body). Never retryable: the same values fail again.
 *
 * The message and fields name the parameter or header and the rule, never the offending value (it may be a
 * secret or attacker-controlled).
 */
export class InvalidRequestError extends OutboundError {
  readonly code = "INVALID_REQUEST" as const;
  readonly retryable = false;
  override readonly name = "InvalidRequestError";
  /** Where the refused value was: a path parameter, a header, or the URL as a whole. */
  readonly location: InvalidRequestLocation;
  /** The path parameter or header name, or the JSON pointer inside the body (`/metadata`, `""` the whole body), when known. */
  readonly parameter: string | undefined;
  /** The rule the value broke, in words (never the value itself). */
  readonly reason: string;
  constructor(
    context: OutboundErrorContext & {
      readonly location: InvalidRequestLocation;
      readonly parameter?: string;
      readonly reason: string;
    },
  ) {
    const what = context.parameter === undefined ? context.location : `${context.location} ${context.parameter}`;
    super(
      `${context.downstream} ${context.operationId}: invalid request (${what}): ${context.reason}; request not sent`,
      context,
      "not-sent",
    );
    this.location = context.location;
    this.parameter = context.parameter;
    this.reason = context.reason;
  }
}

/** True for an {@link InvalidRequestError} (code `INVALID_REQUEST`) from any copy of this package. */
export function isInvalidRequestError(value: unknown): value is InvalidRequestError {
  return isOutboundError(value) && value.code === "INVALID_REQUEST";
}
