import { randomUUID } from "node:crypto";
import { readInboundDeadline, readInboundRequestId } from "@outbound/resilience";

/** What checkout-service takes from an inbound request for every outbound call it makes while serving it. */
export interface InboundContext {
  /** The caller's `x-request-id`, or a fresh UUID v4 when it sent none. Echoed on the response. */
  readonly requestId: string;
  /** Absolute deadline, epoch ms: the caller's (`x-outbound-timeout-ms`) capped by the service's own budget. */
  readonly deadlineAt: number;
  /** The budget the order got, in ms (for the response and logs). */
  readonly budgetMs: number;
}

/**
 * Reads the inbound request id and deadline. The caller's deadline is honoured when shorter than the service's
 * own `orderDeadlineMs` (a caller may ask for less time, never for more), so no outbound call outlives either.
 * @param headers the inbound request's headers
 * @param orderDeadlineMs the service's budget per order, in ms
 * @param now clock, epoch ms
 */
export function readInboundContext(
  headers: Headers,
  orderDeadlineMs: number,
  now: number = Date.now(),
): InboundContext {
  const own = now + orderDeadlineMs;
  const inbound = readInboundDeadline(headers, { now });
  const deadlineAt = inbound === undefined ? own : Math.min(inbound, own);
  return { requestId: readInboundRequestId(headers) ?? randomUUID(), deadlineAt, budgetMs: deadlineAt - now };
}
