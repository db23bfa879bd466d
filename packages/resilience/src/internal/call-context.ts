import { randomUUID } from "node:crypto";
import type { AnyCallOptions } from "../call-options.js";
import type { OperationMeta } from "../operation.js";
import { currentRequestContext, type RequestContext } from "../request-context.js";
import { type CallPolicy, resolveCallPolicy } from "./call-policy.js";
import { Deadline } from "./deadline.js";
import type { ResolvedDownstreamOptions } from "./resolve-options.js";
import { type CallTelemetry, startCallTelemetry } from "./telemetry.js";

/** Everything one logical call carries across its attempts. */
export interface CallContext {
  readonly operation: OperationMeta;
  readonly policy: CallPolicy;
  readonly deadline: Deadline;
  /** The caller's own signal, to tell its abort from the deadline's. */
  readonly callerSignal: AbortSignal | undefined;
  readonly requestId: string;
  /** The caller's idempotency key (call option), for `keyed` operations. */
  readonly idempotencyKey: string | undefined;
  /** Key used when neither the caller nor the request gives one: a fresh UUID per logical call. */
  readonly generatedIdempotencyKey: string | undefined;
  /** Extra per-call headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Attempts made so far in this logical call (across every `fetch` it makes). */
  attempts: number;
  /** Status of the last response seen, for parse errors. */
  lastStatus: number | undefined;
  /** The logical call's span. */
  readonly telemetry: CallTelemetry;
}

function resolveRequestId(
  resolved: ResolvedDownstreamOptions,
  options: AnyCallOptions | undefined,
  inbound: RequestContext | undefined,
): string {
  const fromOption = typeof resolved.requestId === "function" ? resolved.requestId() : resolved.requestId;
  return options?.requestId ?? inbound?.requestId ?? fromOption ?? randomUUID();
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/** The call's extra headers with lower-case names (a shared empty object when there are none). */
function callHeaders(given: Readonly<Record<string, string>> | undefined): Readonly<Record<string, string>> {
  if (given === undefined) return NO_HEADERS;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) headers[name.toLowerCase()] = value;
  return headers;
}

/**
 * Builds the context of one logical call: policy, deadline (own budget, capped by any inbound deadline of the
 * request context, merged with the caller's signal), request id and idempotency key. The caller must
 * `deadline.dispose()` when the call settles.
 * @throws InvalidOptionsError for invalid call options.
 */
export function createCallContext(
  resolved: ResolvedDownstreamOptions,
  operation: OperationMeta,
  options: AnyCallOptions | undefined,
): CallContext {
  const policy = resolveCallPolicy(resolved, operation, options);
  const inbound = currentRequestContext();
  const deadline = new Deadline({
    totalTimeoutMs: policy.totalTimeoutMs,
    inboundDeadlineAt: inbound?.deadlineAt,
    signal: options?.signal,
  });
  return {
    operation,
    policy,
    deadline,
    callerSignal: options?.signal,
    requestId: resolveRequestId(resolved, options, inbound),
    idempotencyKey: policy.operationClass === "keyed" ? options?.idempotencyKey : undefined,
    generatedIdempotencyKey: policy.operationClass === "keyed" ? randomUUID() : undefined,
    headers: callHeaders(options?.headers),
    attempts: 0,
    lastStatus: undefined,
    telemetry: startCallTelemetry(resolved.name, operation),
  };
}
