import { type BreakerState, currentRequestContext, type ResilienceHooks } from "@outbound/resilience";

/** One logical downstream call as the resilience hooks saw it, keyed by the inbound request id. */
export interface JournalCall {
  /** The `x-request-id` of the order request the call was made for (from the request context). */
  readonly requestId: string | undefined;
  readonly downstream: string;
  readonly operationId: string;
  /** Attempts sent (0 when a policy refused the call before any attempt, e.g. breaker open). */
  attempts: number;
  /** Each retry's wait in ms and where it came from, in order. */
  readonly retries: {
    readonly delayMs: number;
    readonly delaySource: "backoff" | "retry-after";
    readonly failure: string;
  }[];
  /** Why the call stopped without success, and its last failure, if it did. */
  gaveUp: { readonly reason: string; readonly failure: string; readonly code: string } | undefined;
  /** Epoch ms of the first event. */
  readonly startedAt: number;
}

/** A breaker transition, in order. */
export interface JournalBreakerEvent {
  readonly at: number;
  readonly downstream: string;
  readonly state: BreakerState;
}

/** Collects resilience hook events into calls; `hooks` is what to hand the clients. */
export interface CallJournal {
  readonly hooks: ResilienceHooks;
  /** Every call, in the order they started. */
  readonly calls: readonly JournalCall[];
  readonly breakerEvents: readonly JournalBreakerEvent[];
  /** The calls made while serving the request with this `x-request-id`. */
  callsOf(requestId: string): JournalCall[];
  /** Forgets every call and breaker event (e.g. after a warm-up). */
  reset(): void;
}

const CODE_OF_REASON: Readonly<Record<string, string>> = {
  "circuit-open": "CIRCUIT_OPEN",
  "bulkhead-full": "BULKHEAD_FULL",
  "retry-budget": "RETRY_BUDGET_EXHAUSTED",
  deadline: "DEADLINE_EXCEEDED",
  "retry-after-too-long": "RETRY_AFTER_TOO_LONG",
  aborted: "ABORTED",
};

/** The error code a failed call ends with: the policy's code, else the last failure's (`HTTP_503` for a status). */
function codeOf(reason: string, failure: { readonly status?: number; readonly code?: string }): string {
  return (
    CODE_OF_REASON[reason] ?? failure.code ?? (failure.status === undefined ? "UNKNOWN" : `HTTP_${failure.status}`)
  );
}

function describeFailure(failure: {
  readonly status?: number;
  readonly code?: string;
  readonly networkCode?: string;
}): string {
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  return [failure.code, failure.networkCode].filter((part) => part !== undefined).join(" ") || "unknown";
}

/**
 * Creates a journal. Hooks run synchronously inside the call, so the request context (AsyncLocalStorage) that
 * checkout-service set for the order is current: that is how each call is tied to its order's request id.
 * @param now clock in epoch ms
 */
export function createCallJournal(now: () => number = Date.now): CallJournal {
  const calls: JournalCall[] = [];
  const open = new Map<string, JournalCall>();
  const breakerEvents: JournalBreakerEvent[] = [];
  const keyOf = (downstream: string, operationId: string) =>
    `${currentRequestContext()?.requestId ?? "-"} ${downstream} ${operationId}`;
  const start = (downstream: string, operationId: string): JournalCall => {
    const call: JournalCall = {
      requestId: currentRequestContext()?.requestId,
      downstream,
      operationId,
      attempts: 0,
      retries: [],
      gaveUp: undefined,
      startedAt: now(),
    };
    calls.push(call);
    open.set(keyOf(downstream, operationId), call);
    return call;
  };
  const current = (downstream: string, operationId: string) =>
    open.get(keyOf(downstream, operationId)) ?? start(downstream, operationId);
  const breaker = (downstream: string, state: BreakerState) => breakerEvents.push({ at: now(), downstream, state });
  return {
    calls,
    breakerEvents,
    callsOf: (requestId) => calls.filter((call) => call.requestId === requestId),
    reset() {
      calls.length = 0;
      open.clear();
      breakerEvents.length = 0;
    },
    hooks: {
      onAttempt(event) {
        const call =
          event.attempt === 1
            ? start(event.downstream, event.operationId)
            : current(event.downstream, event.operationId);
        call.attempts = Math.max(call.attempts, event.attempt);
      },
      onRetry(event) {
        current(event.downstream, event.operationId).retries.push({
          delayMs: event.delayMs,
          delaySource: event.delaySource,
          failure: describeFailure(event.failure),
        });
      },
      onGiveUp(event) {
        const call = current(event.downstream, event.operationId);
        call.attempts = Math.max(call.attempts, event.attempts);
        call.gaveUp = {
          reason: event.reason,
          failure: describeFailure(event.failure),
          code: codeOf(event.reason, event.failure),
        };
      },
      onBreak: (event) => breaker(event.downstream, "open"),
      onHalfOpen: (event) => breaker(event.downstream, "half-open"),
      onReset: (event) => breaker(event.downstream, "closed"),
    },
  };
}
