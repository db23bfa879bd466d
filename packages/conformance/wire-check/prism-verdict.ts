import { isObject } from "../test/support/json-ref.js";
import type { CallEnd, WireCall } from "../test/support/wire-calls.js";

/** Prism's error types (`https://stoplight.io/prism/errors#<TYPE>`) that reject the request itself. */
const REQUEST_REJECTIONS = new Set([
  "UNPROCESSABLE_ENTITY",
  "INVALID_CONTENT_TYPE",
  "NOT_ACCEPTABLE",
  "UNAUTHORIZED",
  "NO_PATH_MATCHED_ERROR",
  "NO_METHOD_MATCHED_ERROR",
  "NO_SERVER_MATCHED_ERROR",
]);

/** What Prism did with one call. */
export interface PrismVerdict {
  readonly call: WireCall;
  /** True when Prism took the request as valid (it answered a mock, or failed to build one: its own limitation). */
  readonly accepted: boolean;
  /** For a rejection: Prism's error type and the locations of its violations, e.g. `UNPROCESSABLE_ENTITY body`. */
  readonly cause: string | undefined;
  /** Prism's first violation message (or the client's error when nothing came back). */
  readonly detail: string;
  /** The status Prism answered. */
  readonly status: number | undefined;
}

interface HeaderViolation {
  readonly location: readonly string[];
  readonly code: string;
  readonly message: string;
}

/**
 * The request violations of severity Error that Prism lists in its `sl-violations` header (a JSON array of
 * `{ location, severity, code, message }`). Prism answers such a request with the spec's documented error example
 * when it has one, so the header, not the body, says what it rejected.
 */
function headerViolations(header: string | null): HeaderViolation[] {
  if (header === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    // Past a size Prism sends `Too many violations! [...` cut short: read the complete entries.
    const entries = header.match(
      /\{"location":\[[^\]]*\],"severity":"\w+","code":("[^"]*"|\d+),"message":"(?:[^"\\]|\\.)*"\}/g,
    );
    parsed = (entries ?? []).map((entry) => JSON.parse(entry) as unknown);
  }
  return (
    (Array.isArray(parsed) ? parsed : [])
      .filter(isObject)
      // Prism also checks its own mocked answer (location `response`); only the request's violations count here.
      .filter((v) => v.severity === "Error" && Array.isArray(v.location) && v.location[0] === "request")
      .map((v) => ({
        location: Array.isArray(v.location) ? v.location.map(String) : [],
        code: String(v.code ?? "?"),
        message: String(v.message ?? ""),
      }))
  );
}

/** Prism's problem document: `{ type, title, status, detail, validation?: [{ location, severity, code, message }] }`. */
export function readPrismVerdict(call: WireCall, end: CallEnd): PrismVerdict {
  const flagged = headerViolations(end.headers?.get("sl-violations") ?? null);
  if (flagged.length > 0) {
    const causes = [...new Set(flagged.map((v) => `${v.code} ${v.location[1] ?? "request"}`))].sort();
    const first = flagged[0];
    const detail = first === undefined ? "" : `${first.location.join(".")}: ${first.message}`;
    return { call, accepted: false, cause: causes.join("+"), detail: detail.slice(0, 300), status: end.status };
  }
  const body = end.body;
  const type = isObject(body) && typeof body.type === "string" ? body.type : "";
  const match = /stoplight\.io\/prism\/errors#(\w+)/.exec(type);
  if (match === null) {
    if (end.status === undefined)
      return { call, accepted: false, cause: "no answer", detail: end.error ?? "", status: undefined };
    return { call, accepted: true, cause: undefined, detail: "", status: end.status };
  }
  const kind = match[1] ?? "";
  const validation = isObject(body) && Array.isArray(body.validation) ? body.validation.filter(isObject) : [];
  const errors = validation.filter((v) => v.severity === "Error" || v.severity === undefined);
  const locations = [...new Set(errors.map((v) => (Array.isArray(v.location) ? String(v.location[0]) : "?")))].sort();
  const first = errors[0];
  const detail = first
    ? `${Array.isArray(first.location) ? first.location.join(".") : ""}: ${String(first.message)}`
    : isObject(body) && typeof body.detail === "string"
      ? body.detail
      : "";
  if (!REQUEST_REJECTIONS.has(kind))
    return { call, accepted: true, cause: `answer ${kind}`, detail: detail.slice(0, 300), status: end.status };
  const cause = locations.length > 0 ? `${kind} ${locations.join("+")}` : kind;
  return { call, accepted: false, cause, detail: detail.slice(0, 300), status: end.status };
}
