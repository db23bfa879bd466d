import type { AttemptCredentials } from "./auth/attempt-credentials.js";
import { Call } from "./call.js";
import type { AnyCallOptions } from "./call-options.js";
import type { Downstream } from "./downstream-types.js";
import { type CompiledOperation, compileOperation, operationByMethod } from "./internal/compiled-operation.js";
import { createDownstreamRuntime, type DownstreamRuntime } from "./internal/downstream-runtime.js";
import { wrapPathClient } from "./internal/path-client.js";
import { checkCallHeaders } from "./internal/request-guards.js";
import { resolveDownstreamOptions } from "./internal/resolve-options.js";
import type { HttpMethod, OperationMeta } from "./operation.js";
import type { DownstreamOptions } from "./options.js";

/** A `fetch` as openapi-fetch calls it: it receives a global `Request`. */
export type FetchFunction = (input: Request) => Promise<Response>;

/** One path-based method of an openapi-fetch client: `(path template, init?) => Promise<result>`. */
export type PathBasedMethod = (path: never, ...init: never[]) => Promise<unknown>;

/**
 * The structural shape {@link DownstreamPipeline.pathClient} accepts: an openapi-fetch `Client`
 * (`createClient<paths>()`) or anything with the same path-based methods. No openapi-fetch import is needed.
 */
export type PathBasedClient = { readonly [M in HttpMethod]?: PathBasedMethod } & {
  readonly request?: (method: never, path: never, ...init: never[]) => Promise<unknown>;
};

/**
 * One downstream as generated code drives it: its shared breaker(s), bulkhead and retry budget, its operations
 * compiled once, and the entry of every logical call.
 */
export interface DownstreamPipeline extends Downstream {
  /**
   * Runs one logical call of `operation` (deadline → retry budget → retry → circuit breaker → bulkhead → attempt
   * timeout → pooled transport, with telemetry). `run` receives a `fetch` bound to this call and must hand it to
   * openapi-fetch as the per-request `fetch`; openapi-fetch's result is returned unchanged. HTTP error responses
   * stay values; policy and transport failures reject with an `OutboundError`. The caller's signal goes in
   * `options.signal`: the signal of the Request `run` hands to `fetch` is not followed.
   */
  call<T>(
    operation: OperationMeta,
    options: AnyCallOptions | undefined,
    run: (fetch: FetchFunction) => Promise<T>,
  ): Promise<T>;
  /** {@link DownstreamPipeline.call} of an operation already compiled (what a generated method is bound to). */
  callCompiled<T>(
    operation: CompiledOperation,
    options: AnyCallOptions | undefined,
    run: (fetch: FetchFunction) => Promise<T>,
  ): Promise<T>;
  /** The compiled form of `meta`: the one made when the downstream was created, or a fresh one for another `meta`. */
  operation(meta: OperationMeta): CompiledOperation;
  /**
   * Wraps an openapi-fetch client's path-based calls (`GET` … `TRACE`, `request(method, path, init)`) so each runs
   * as one logical call, openapi-fetch's parsing included:
   * - The operation is looked up exactly by method and path template (openapi-fetch's first argument is the
   *   template, e.g. `/charges/{chargeId}`); a template no operation has runs as one classed by its method
   *   (RFC 9110 §9.2.2), operationId `"{METHOD} {path}"`.
   * - Per-call options go in the init as `callOptions`; `init.signal` is moved into them, so the runtime's own
   *   listener (removed when the call settles) is the only one on the caller's signal. Both, if given, must be the
   *   same signal.
   * - The operation's path serializer applies, and its query serializer unless the init gives a `querySerializer`.
   * - A JSON parse failure of the response is `ResponseParseError` (`RESPONSE_PARSE`, not retried).
   *
   * Returns a copy of `client` (same prototype and own properties, `use`/`eject` included, so middleware still
   * registers on `client`); the methods `client` lacks are left out. The copy's calls reject with
   * `InvalidOptionsError` (nothing sent) when `callOptions` is not an object or differs from `init.signal`'s signal.
   */
  pathClient<C extends PathBasedClient>(client: C): C;
}

/** One logical call: refuses invalid headers before any state exists, then runs a {@link Call}. */
function runCall<T>(
  runtime: DownstreamRuntime,
  operation: CompiledOperation,
  options: AnyCallOptions | undefined,
  run: (fetch: FetchFunction) => Promise<T>,
): Promise<T> {
  try {
    // Before the call exists: a refused call leaves no timer and no listener on the caller's signal.
    checkCallHeaders(runtime.resolved.name, operation.meta, options, runtime.resolved.requestIdHeader);
    return new Call(runtime, operation, options).execute(run);
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Creates the runtime of one downstream: its circuit breaker(s), bulkhead and retry budget, shared by every call,
 * and `operations` (the generated operations table) compiled once each. `credentials`, when given, are read before
 * every attempt (token providers, OAuth client credentials).
 * @throws InvalidOptionsError when an option is invalid (named by its path, with the fix).
 */
export function createDownstream(
  options: DownstreamOptions,
  operations: readonly OperationMeta[],
  credentials?: AttemptCredentials,
): DownstreamPipeline {
  const runtime = createDownstreamRuntime(resolveDownstreamOptions(options), credentials);
  const { resolved } = runtime;
  const { name } = resolved;
  const compiled = new Map<OperationMeta, CompiledOperation>();
  const byTemplate = new Map<string, CompiledOperation>();
  for (const meta of operations) {
    const operation = compileOperation(resolved, meta);
    compiled.set(meta, operation);
    const key = `${meta.method} ${meta.path}`;
    if (!byTemplate.has(key)) byTemplate.set(key, operation);
  }
  const find = (method: string, path: string): CompiledOperation =>
    byTemplate.get(`${method} ${path}`) ??
    compileOperation(resolved, operationByMethod(method, path.split(/[?#]/)[0] ?? path), false);
  const operation = (meta: OperationMeta): CompiledOperation => compiled.get(meta) ?? compileOperation(resolved, meta);
  const callCompiled: DownstreamPipeline["callCompiled"] = (compiledOperation, callOptions, run) =>
    runCall(runtime, compiledOperation, callOptions, run);
  const breakerOf = (operationId: string | undefined) =>
    runtime.breakerFor(operationId === undefined ? undefined : { operationId });
  return {
    name,
    call: (meta, callOptions, run) => {
      // An operation compiled here (not given at creation) may be refused (its policy): a rejection, never a throw.
      let compiledOperation: CompiledOperation;
      try {
        compiledOperation = operation(meta);
      } catch (error) {
        return Promise.reject(error);
      }
      return runCall(runtime, compiledOperation, callOptions, run);
    },
    callCompiled,
    operation,
    pathClient: (client) => wrapPathClient(client, { find, call: callCompiled }),
    breakerState: (operationId) => breakerOf(operationId).state(),
    breakerSnapshot: (operationId) => breakerOf(operationId).snapshot(),
  };
}
