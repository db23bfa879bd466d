/**
 * A request body value its media type cannot carry, found before any I/O; the caller turns it into an
 * `InvalidRequestError` (`location: "body"`). `pointer` is the JSON pointer of the value inside the body (`""` for
 * the body itself, `/metadata/order` for a field); `reason` says what was given and what to pass instead, never the
 * value itself.
 */
export class BodyRejection extends Error {
  readonly pointer: string;
  readonly reason: string;
  constructor(pointer: string, reason: string) {
    super(`${pointer === "" ? "body" : pointer}: ${reason}`);
    this.name = "BodyRejection";
    this.pointer = pointer;
    this.reason = reason;
  }
}

/** The JSON pointer `parent` + `/key`, `~` and `/` escaped (RFC 6901 §3). */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${String(key).replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** How a value is named in a rejection: its type, never its content (it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value !== "object") return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name === undefined || name === "Object" ? "an object" : `a ${name}`;
}
