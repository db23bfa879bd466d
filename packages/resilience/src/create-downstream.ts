import { Call } from "./call.js";
import type { AnyCallOptions } from "./call-options.js";
import type { Downstream, FetchFunction } from "./downstream-types.js";
import { createDownstreamRuntime, type DownstreamRuntime } from "./internal/downstream-runtime.js";
import { createOperationMatcher, operationByMethod } from "./internal/match-operation.js";
import { type PathOperation, wrapPathClient } from "./internal/path-client.js";
import { checkCallHeaders, createPathSerializer } from "./internal/request-guards.js";
import { resolveDownstreamOptions } from "./internal/resolve-options.js";
import type { OperationMeta } from "./operation.js";
import type { DownstreamOptions } from "./options.js";
import { createQuerySerializer, type QuerySerializer } from "./query-serializer.js";

function runCall<T>(
  runtime: DownstreamRuntime,
  operation: OperationMeta,
  options: AnyCallOptions | undefined,
  run: (fetch: FetchFunction) => Promise<T>,
): Promise<T> {
  try {
    // Before the call exists: a refused call leaves no timer and no listener on the caller's signal.
    checkCallHeaders(runtime.resolved.name, operation, options, runtime.resolved.requestIdHeader);
    return new Call(runtime, operation, options).execute(run);
  } catch (error) {
    return Promise.reject(error);
  }
}

function breakerOf(runtime: DownstreamRuntime, operationId: string | undefined) {
  return runtime.breakerFor(
    operationId === undefined ? undefined : { operationId, method: "GET", path: "", class: "idempotent" },
  );
}

/**
 * The operation of an openapi-fetch path-based call, looked up exactly by method and path template (openapi-fetch
 * passes the template itself, e.g. `/charges/{chargeId}`); a path no operation has is classed by its method.
 */
function createPathLookup(
  operations: readonly OperationMeta[],
  querySerializer: (operation: OperationMeta) => QuerySerializer,
): (method: string, path: string) => PathOperation {
  const byTemplate = new Map<string, OperationMeta>();
  for (const operation of operations) {
    const key = `${operation.method} ${operation.path}`;
    if (!byTemplate.has(key)) byTemplate.set(key, operation);
  }
  return (method, path) => {
    const operation = byTemplate.get(`${method} ${path}`);
    if (operation !== undefined) return { operation, querySerializer: querySerializer(operation) };
    return { operation: operationByMethod(method, path.split(/[?#]/)[0] ?? path), querySerializer: undefined };
  };
}

/**
 * Creates the runtime of one downstream: its circuit breaker(s), bulkhead and retry budget, shared by every call
 * a generated client makes. `operations` is the generated operations table (`operations.gen.ts`), used by
 * `Downstream.fetch` to find the operation of a path-based request.
 * @throws InvalidOptionsError when an option is invalid (named by its path, with the fix).
 */
export function createDownstream(options: DownstreamOptions, operations: readonly OperationMeta[]): Downstream {
  const runtime = createDownstreamRuntime(resolveDownstreamOptions(options));
  const match = createOperationMatcher(operations);
  const querySerializers = new WeakMap<OperationMeta, QuerySerializer>();
  const querySerializer = (operation: OperationMeta): QuerySerializer => {
    let serializer = querySerializers.get(operation);
    if (serializer === undefined) {
      serializer = createQuerySerializer(operation.query);
      querySerializers.set(operation, serializer);
    }
    return serializer;
  };
  const call: Downstream["call"] = (operation, callOptions, run) => runCall(runtime, operation, callOptions, run);
  const pathDeps = { find: createPathLookup(operations, querySerializer), call };
  return {
    name: runtime.resolved.name,
    call,
    fetch: (request) =>
      runCall(runtime, match(request.method, new URL(request.url)), undefined, (fetch) => fetch(request)),
    pathClient: (client) => wrapPathClient(client, pathDeps),
    breakerState: (operationId) => breakerOf(runtime, operationId).state(),
    breakerSnapshot: (operationId) => breakerOf(runtime, operationId).snapshot(),
    pathSerializer: createPathSerializer(runtime.resolved.name, operations),
    querySerializer,
  };
}
