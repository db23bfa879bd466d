import type { RecordedRequest } from "@outbound/testkit";
import type { JournalCall } from "./call-journal.js";
import { DOWNSTREAM_NAMES, type DownstreamName, type Stack } from "./start-stack.js";

/** One logical downstream call made for one order, from both sides: what the client did, what the server saw. */
export interface DownstreamCall {
  readonly downstream: DownstreamName;
  readonly operationId: string;
  /** Attempts the client made (from the resilience hooks; 0 when a policy refused the call before sending). */
  readonly attempts: number;
  /** What each attempt came to at the server, in order: a status, or how the exchange ended (`reset` ...). */
  readonly outcomes: readonly string[];
  /** The Idempotency-Key the attempts carried (one value, or several joined if they ever differed). */
  readonly idempotencyKey: string | undefined;
  /** The client's waits between attempts, with their source. */
  readonly waits: readonly string[];
  /** Why the client stopped without success, if it did. */
  readonly gaveUp: string | undefined;
  /** Side effects the server committed for these attempts (ledger entries), and how many were replays. */
  readonly committed: number;
  readonly replayed: number;
}

function outcomeOf(request: RecordedRequest): string {
  if (request.outcome === "reset") return request.committed ? "reset (after commit)" : "reset";
  if (request.outcome === "closed-by-client") return "abandoned (client timeout)";
  if (request.outcome === "pending") return "pending";
  return String(request.status ?? request.outcome);
}

function fromServer(
  downstream: DownstreamName,
  operationId: string,
  requests: readonly RecordedRequest[],
  journal: JournalCall | undefined,
): DownstreamCall {
  const keys = [...new Set(requests.map((r) => r.idempotencyKey).filter((k): k is string => k !== undefined))];
  return {
    downstream,
    operationId,
    attempts: journal?.attempts ?? requests.length,
    outcomes: requests.map(outcomeOf),
    idempotencyKey: keys.length === 0 ? undefined : keys.join(" | "),
    waits: (journal?.retries ?? []).map((r) => `${Math.round(r.delayMs)} ms (${r.delaySource}) after ${r.failure}`),
    gaveUp: journal?.gaveUp === undefined ? undefined : `${journal.gaveUp.reason}: ${journal.gaveUp.failure}`,
    committed: requests.filter((r) => r.committed && !r.replayed).length,
    replayed: requests.filter((r) => r.replayed).length,
  };
}

/**
 * Every downstream call made while serving the order request with `requestId`, in the order they started:
 * the testkit request logs (matched by `x-request-id`) joined with the resilience hooks' journal (attempts,
 * waits, give-ups, and calls refused before any byte was sent, which no server saw).
 */
export function downstreamCallsOf(stack: Stack, requestId: string): DownstreamCall[] {
  const journalCalls = stack.journal.callsOf(requestId);
  const calls: { at: number; call: DownstreamCall }[] = [];
  for (const downstream of DOWNSTREAM_NAMES) {
    const seen = stack.downstreams[downstream].requests.filter((r) => r.headers["x-request-id"] === requestId);
    const operations = new Set([
      ...seen.map((r) => r.operationId ?? r.route ?? r.path),
      ...journalCalls.filter((c) => c.downstream === downstream).map((c) => c.operationId),
    ]);
    for (const operationId of operations) {
      const requests = seen.filter((r) => (r.operationId ?? r.route ?? r.path) === operationId);
      const journal = journalCalls.find((c) => c.downstream === downstream && c.operationId === operationId);
      calls.push({ at: journal?.startedAt ?? 0, call: fromServer(downstream, operationId, requests, journal) });
    }
  }
  return calls.sort((a, b) => a.at - b.at).map((entry) => entry.call);
}
