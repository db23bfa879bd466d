import type { AnyCallOptions } from "../call-options.js";
import type { FetchFunction } from "../downstream.js";
import { InvalidOptionsError } from "../invalid-options-error.js";
import type { HttpMethod } from "../operation.js";
import { type CompiledOperation, withLiteralQuery } from "./compiled-operation.js";
import { moveInitSignal } from "./init-signal.js";

/** openapi-fetch's path-based methods, one per HTTP method (`client.GET(path, init)` ...). */
const PATH_METHODS: readonly HttpMethod[] = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];

/** What `wrapPathClient` needs of the downstream. */
export interface PathClientDeps {
  /** The operation of `method` (upper-case) and `path` (openapi-fetch's first argument: the template). */
  readonly find: (method: string, path: string) => CompiledOperation;
  /** The downstream's `call`. */
  readonly call: (
    operation: CompiledOperation,
    options: AnyCallOptions | undefined,
    run: (fetch: FetchFunction) => Promise<unknown>,
  ) => Promise<unknown>;
}

type LooseInit = Readonly<Record<string, unknown>>;
type Invoke = (path: unknown, init: LooseInit) => Promise<unknown>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Splits openapi-fetch's init into the call options (`init.callOptions`, with `init.signal` moved in) and the init
 * openapi-fetch keeps. The caller's signal never reaches `new Request()`: Node's Request constructor would add an
 * `abort` listener to it that stays until the Request is garbage-collected.
 * @throws InvalidOptionsError when `callOptions` is not an object, or two different signals are given.
 */
function splitInit(init: unknown): { readonly options: AnyCallOptions | undefined; readonly rest: LooseInit } {
  if (!isObject(init)) return { options: undefined, rest: {} };
  const { callOptions, ...withSignal } = init;
  if (callOptions !== undefined && !isObject(callOptions)) {
    throw new InvalidOptionsError(
      "callOptions",
      `must be an object of call options, got ${callOptions === null ? "null" : typeof callOptions}`,
      "Pass { totalTimeoutMs, attemptTimeoutMs, retry, idempotencyKey, requestId, headers } or leave it out",
    );
  }
  const { init: rest, options } = moveInitSignal(withSignal, callOptions as AnyCallOptions | undefined);
  return { options, rest };
}

/**
 * The init handed to openapi-fetch: the call's bound `fetch`, no signal, the operation's path serializer, and its
 * query serializer unless the init gives one.
 */
function boundInit(rest: LooseInit, fetch: FetchFunction, operation: CompiledOperation): LooseInit {
  const given = rest.querySerializer as Parameters<typeof withLiteralQuery>[1];
  const querySerializer =
    given === undefined ? operation.querySerializer : withLiteralQuery(operation.literalQuery, given);
  const pathSerializer = operation.pathSerializer;
  return {
    ...rest,
    fetch,
    signal: undefined,
    pathSerializer,
    ...(querySerializer === undefined ? {} : { querySerializer }),
  };
}

function send(deps: PathClientDeps, method: string, path: unknown, init: unknown, invoke: Invoke): Promise<unknown> {
  try {
    const operation = deps.find(method.toUpperCase(), String(path));
    const { options, rest } = splitInit(init);
    // A path key with a literal query (`/things?beta=true`) goes out as its path; the query serializer sends the query.
    const sent =
      operation.literalQuery !== undefined && String(path) === operation.meta.path ? operation.requestPath : path;
    const { body } = operation;
    if (body === undefined)
      return deps.call(operation, options, (fetch) => invoke(sent, boundInit(rest, fetch, operation)));
    return deps.call(operation, options, (fetch) =>
      body.encode(rest).then((encoded) => invoke(sent, boundInit({ ...rest, ...encoded }, fetch, operation))),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

type AnyMethod = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/**
 * A copy of `client` (same prototype, same own properties) whose path-based methods (`GET` ... `TRACE`,
 * `request(method, path, init)`) each run as one logical call of `deps.call`. Methods `client` does not have are
 * left out; everything else (`use`, `eject` ...) is the client's own, so middleware registers on the shared client.
 */
export function wrapPathClient<C extends object>(client: C, deps: PathClientDeps): C {
  const source = client as unknown as Record<string, unknown>;
  const wrapped: Record<string, unknown> = Object.assign(
    Object.create(Object.getPrototypeOf(client) as object),
    client,
  );
  for (const method of PATH_METHODS) {
    const original = source[method];
    if (typeof original !== "function") continue;
    wrapped[method] = (path: unknown, init?: unknown) =>
      send(deps, method, path, init, (sent, bound) => (original as AnyMethod).call(client, sent, bound));
  }
  const request = source.request;
  if (typeof request === "function") {
    wrapped.request = (method: unknown, path: unknown, init?: unknown) =>
      send(deps, String(method), path, init, (sent, bound) => (request as AnyMethod).call(client, method, sent, bound));
  }
  return wrapped as C;
}
