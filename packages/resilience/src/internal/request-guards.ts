import type { AnyCallOptions } from "../call-options.js";
import { InvalidRequestError, isInvalidRequestError } from "../invalid-request-error.js";
import type { OperationMeta } from "../operation.js";
import type { CompiledOperation } from "./compiled-operation.js";
import { fitsTemplate } from "./path-template.js";

/** RFC 9110 §5.1 field-name: a token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.5: CR, LF and NUL are never allowed in a field value (header injection / request smuggling). */
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

function refuseHeader(downstream: string, operation: OperationMeta, name: string, reason: string): never {
  throw new InvalidRequestError({
    downstream,
    operationId: operation.operationId,
    attempts: 0,
    location: "header",
    parameter: name,
    reason,
  });
}

/**
 * Refuses call options that would put an invalid header on the wire: a header name that is not an RFC 9110
 * token, or a value (header, idempotency key, request id) holding CR, LF or NUL.
 * @throws InvalidRequestError before any I/O.
 */
export function checkCallHeaders(
  downstream: string,
  operation: OperationMeta,
  options: AnyCallOptions | undefined,
  requestIdHeader: string,
): void {
  if (options === undefined) return;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (!TOKEN.test(name)) refuseHeader(downstream, operation, name, "the name is not an RFC 9110 token (§5.1)");
    if (FORBIDDEN_IN_VALUE.test(value))
      refuseHeader(downstream, operation, name, "the value holds CR, LF or NUL (RFC 9110 §5.5)");
  }
  if (options.idempotencyKey !== undefined && FORBIDDEN_IN_VALUE.test(options.idempotencyKey)) {
    const header = operation.idempotencyHeader ?? "idempotency-key";
    refuseHeader(downstream, operation, header, "the idempotency key holds CR, LF or NUL (RFC 9110 §5.5)");
  }
  if (options.requestId !== undefined && FORBIDDEN_IN_VALUE.test(options.requestId))
    refuseHeader(downstream, operation, requestIdHeader, "the request id holds CR, LF or NUL (RFC 9110 §5.5)");
}

/**
 * Defence in depth for every call: the request's (already normalised) path must still end with the
 * operation's template, one non-empty segment per parameter. A `.` / `..` / empty value that got past the
 * serializer removes or empties a segment, so the path no longer fits. It cannot catch every case (a template made
 * only of parameters under a base path with a prefix may still fit after `..` ate a prefix segment); the
 * serializer is the guard, this check is the net.
 * @throws InvalidRequestError before any I/O.
 */
export function checkPathFitsTemplate(downstream: string, operation: CompiledOperation, url: URL): void {
  const { meta, template } = operation;
  const base = { downstream, operationId: meta.operationId, attempts: 0, location: "path" } as const;
  if (!fitsTemplate(template, url)) {
    throw new InvalidRequestError({
      ...base,
      reason: `the request path no longer fits the template ${meta.path} (a path parameter was empty, "." or "..", or the URL was built by hand)`,
    });
  }
  // openapi-fetch leaves `{name}` in place when `params.path` is absent: the request would go to a literal `%7Bname%7D`.
  // Decoding can only make a `{` from `%7B`, so a path with neither holds no placeholder.
  const raw = url.pathname;
  if (!raw.includes("{") && !raw.includes("%7B") && !raw.includes("%7b")) return;
  const path = decodeURIComponentSafe(raw);
  const unfilled = template.placeholders.find((param) => path.includes(param));
  if (unfilled !== undefined) {
    throw new InvalidRequestError({
      ...base,
      parameter: unfilled.slice(1, -1).replace(/^[.;]|\*$/g, ""),
      reason: "the path parameter was not given (the template placeholder would be sent)",
    });
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Maps a failure that happened while openapi-fetch built the request, before `fetch` was called, to an
 * InvalidRequestError of `operation`: the platform's TypeError (an invalid header value or URL; its message may
 * hold the offending value, so it is not kept as `cause`), or the path serializer's error (re-labelled with the
 * operation's id). Anything else is returned unchanged.
 */
export function toRequestBuildError(downstream: string, operation: OperationMeta, error: unknown): unknown {
  if (isInvalidRequestError(error)) {
    if (error.operationId === operation.operationId) return error;
    return new InvalidRequestError({
      downstream,
      operationId: operation.operationId,
      attempts: 0,
      location: error.location,
      ...(error.parameter === undefined ? {} : { parameter: error.parameter }),
      reason: error.reason,
    });
  }
  if (!(error instanceof TypeError)) return error;
  const header = /header/i.test(error.message);
  return new InvalidRequestError({
    downstream,
    operationId: operation.operationId,
    attempts: 0,
    location: header ? "header" : "url",
    reason: header
      ? "a header name or value is invalid (CR, LF or NUL in a value, or a name that is not a token; RFC 9110 §5)"
      : "the request could not be built (invalid URL or init)",
  });
}
