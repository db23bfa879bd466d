import type { AttemptCredentials } from "../auth/attempt-credentials.js";
import type { BreakerState } from "../downstream-types.js";
import type { BreakerEvent, ResilienceHooks } from "../hooks.js";
import { CircuitBreaker } from "../policies/breaker.js";
import { Bulkhead } from "../policies/bulkhead.js";
import { RetryBudget } from "../policies/retry-budget.js";
import { getDefaultTransport, type Transport } from "../transport.js";
import type { ResolvedDownstreamOptions } from "./resolve-options.js";
import { recordBreakerTransition } from "./telemetry.js";

/** The per-downstream state shared by every call: options, transport, breaker(s), bulkhead, retry budget. */
export interface DownstreamRuntime {
  readonly resolved: ResolvedDownstreamOptions;
  /** The transport to use now (the process-wide default is looked up per attempt, so it survives a close). */
  transport(): Transport;
  /** The breaker guarding `operation`: the downstream's, or the operation's own with `breaker.scope: "operation"`. */
  breakerFor(operation: { readonly operationId: string } | undefined): CircuitBreaker;
  readonly bulkhead: Bulkhead;
  readonly retryBudget: RetryBudget;
  /** Credentials read before every attempt (token providers, OAuth); undefined when the client has none. */
  readonly credentials: AttemptCredentials | undefined;
}

/** Calls a hook; a hook that throws never breaks a call. */
export function emitHook<E>(hook: ((event: E) => void) | undefined, event: E): void {
  if (hook === undefined) return;
  try {
    hook(event);
  } catch {
    // Observability must not change the outcome of a call.
  }
}

const TRANSITION_HOOK: Record<BreakerState, keyof ResilienceHooks> = {
  open: "onBreak",
  "half-open": "onHalfOpen",
  closed: "onReset",
};

/** Builds the runtime state of one downstream. */
export function createDownstreamRuntime(
  resolved: ResolvedDownstreamOptions,
  credentials?: AttemptCredentials,
): DownstreamRuntime {
  const breakers = new Map<string, CircuitBreaker>();
  const newBreaker = (operationId: string | undefined): CircuitBreaker =>
    new CircuitBreaker(resolved.breaker, (state) => {
      recordBreakerTransition(resolved.name, operationId, state);
      const event: BreakerEvent = {
        downstream: resolved.name,
        state,
        ...(operationId === undefined ? {} : { operationId }),
      };
      emitHook(resolved.hooks[TRANSITION_HOOK[state]] as ((e: BreakerEvent) => void) | undefined, event);
    });
  const shared = newBreaker(undefined);
  return {
    resolved,
    transport: () => resolved.transport ?? getDefaultTransport(),
    breakerFor: (operation) => {
      if (resolved.breaker.scope !== "operation" || operation === undefined) return shared;
      let breaker = breakers.get(operation.operationId);
      if (breaker === undefined) {
        breaker = newBreaker(operation.operationId);
        breakers.set(operation.operationId, breaker);
      }
      return breaker;
    },
    bulkhead: new Bulkhead(resolved.bulkhead.maxConcurrent, resolved.bulkhead.maxQueue),
    retryBudget: new RetryBudget(resolved.retryBudget),
    credentials,
  };
}
