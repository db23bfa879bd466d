/**
 * Problem details (RFC 9457) as checkout-service answers them. `type` is a stable URN per kind of failure, so a
 * caller switches on `type` (or `status`) and never parses `detail`.
 */
export interface Problem {
  /** `urn:outbound:checkout:problem:<kind>`. */
  readonly type: string;
  /** Short, fixed summary of the kind of problem. */
  readonly title: string;
  /** The HTTP status this problem is sent with. */
  readonly status: number;
  /** What happened to this order, for a person. */
  readonly detail: string;
  /** Extension members (RFC 9457 §3.2): orderId, requestId, downstream, operationId, code, attempts, … */
  readonly [extension: string]: unknown;
}

/** Kinds of problem checkout-service reports, each with its status and title. */
export const PROBLEM_KINDS = {
  "invalid-order": { status: 400, title: "The order is not valid" },
  "malformed-json": { status: 400, title: "The request body is not JSON" },
  "invalid-query": { status: 400, title: "A query parameter is not valid" },
  "card-declined": { status: 402, title: "The payment was declined" },
  "order-not-found": { status: 404, title: "No such order" },
  "out-of-stock": { status: 409, title: "An item is out of stock" },
  "order-in-progress": { status: 409, title: "This order is already being placed" },
  "order-id-reused": { status: 422, title: "This order id was used for a different order" },
  "payment-rejected": { status: 502, title: "The payment service refused the charge request" },
  "downstream-error": { status: 502, title: "A downstream service failed" },
  "downstream-unavailable": { status: 503, title: "A downstream service is unavailable" },
  "payment-outcome-unknown": { status: 503, title: "The payment outcome is not known yet" },
  "internal-error": { status: 500, title: "Unexpected error in checkout-service" },
  "deadline-exceeded": { status: 504, title: "The order could not be completed in time" },
} as const satisfies Record<string, { status: number; title: string }>;

/** One of {@link PROBLEM_KINDS}. */
export type ProblemKind = keyof typeof PROBLEM_KINDS;

/**
 * Builds a problem of `kind` with its status, title and URN type; `extensions` are added as members (RFC 9457
 * §3.2), except that they cannot replace `type`, `title`, `status` or `detail`.
 */
export function problem(kind: ProblemKind, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEM_KINDS[kind];
  // The standard members come last: an extension can never change the status a problem is sent with.
  return { ...extensions, type: `urn:outbound:checkout:problem:${kind}`, title, status, detail };
}
