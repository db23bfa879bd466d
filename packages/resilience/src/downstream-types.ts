import type { AnyCallOptions } from "./call-options.js";
import type { HttpMethod, OperationMeta } from "./operation.js";
import type { QuerySerializer } from "./query-serializer.js";

/** The state of a circuit breaker. */
export type BreakerState = "closed" | "open" | "half-open";

/** A `fetch` as openapi-fetch calls it: it receives a global `Request`. */
export type FetchFunction = (input: Request) => Promise<Response>;

/** openapi-fetch's `pathSerializer`: the URL template (`baseUrl` + path) and the path parameters in, the URL out. */
export type PathSerializer = (pathname: string, pathParams: Readonly<Record<string, unknown>>) => string;

/**
 * One downstream service as the runtime sees it: its circuit breaker, bulkhead and retry budget, shared by
 * every call a generated client makes to it. Created by `createDownstream(options, operations)`.
 */
export interface Downstream {
  /** The downstream's name (the `specs/<name>` folder), used in errors, spans and metrics. */
  readonly name: string;
  /**
   * Runs one logical call of `operation` through the full pipeline (deadline → retry budget → retry → circuit
   * breaker → bulkhead → attempt timeout → pooled transport, with telemetry). `run` receives a `fetch` bound to
   * this call and must hand it to openapi-fetch as the per-request `fetch`; openapi-fetch's result is returned
   * unchanged. HTTP error responses stay values; policy and transport failures reject with an `OutboundError`.
   */
  call<T>(
    operation: OperationMeta,
    options: AnyCallOptions | undefined,
    run: (fetch: FetchFunction) => Promise<T>,
  ): Promise<T>;
  /**
   * A plain `fetch` through the pipeline, for anyone who hands it to openapi-fetch (`createClient({ fetch })`) or
   * calls it with a `Request` directly: each request is matched to an operation by method and by its URL path ending
   * with the operation's template, then runs as one call of {@link Downstream.call} with default call options. A
   * request that matches no operation is classed by its method (RFC 9110 §9.2.2).
   *
   * Generated clients wrap their path-based client with {@link Downstream.pathClient} instead, because this
   * `fetch` returns before openapi-fetch parses the body: a 2xx with malformed JSON rejects with openapi-fetch's bare
   * `SyntaxError`, not `ResponseParseError`; a `signal` in the init reaches `new Request()`, whose `abort` listener
   * on the caller's signal stays until the Request is garbage-collected; and no per-call options can be given.
   */
  readonly fetch: FetchFunction;
  /**
   * Wraps an openapi-fetch client's path-based calls (`GET`, `PUT`, `POST`, `DELETE`, `OPTIONS`, `HEAD`, `PATCH`,
   * `TRACE` and `request(method, path, init)`) so each runs as one logical call of {@link Downstream.call},
   * openapi-fetch's parsing included. Generated clients expose `raw: downstream.pathClient(raw)`.
   *
   * - The operation is looked up exactly by method and path template (openapi-fetch's first argument is the
   *   template, e.g. `/charges/{chargeId}`); a keyed operation sends one Idempotency-Key, the same on every
   *   attempt. A template no operation has runs as a synthetic operation classed by its method (RFC 9110 §9.2.2:
   *   GET, HEAD, OPTIONS, TRACE, PUT, DELETE `idempotent`, others `unsafe`), operationId `"{METHOD} {path}"`.
   * - Per-call options go in the init as `callOptions` (any {@link AnyCallOptions}, re-checked against the
   *   operation's class at run time); `init.signal` is moved into them, so the runtime's own listener (removed when
   *   the call settles) is the only one on the caller's signal. Both, if given, must be the same signal.
   * - A generated operation's query parameters use {@link Downstream.querySerializer} unless the init gives its own
   *   `querySerializer`; the client's `pathSerializer` (give it {@link Downstream.pathSerializer}) applies as before.
   * - A JSON parse failure of the response is `ResponseParseError` (`RESPONSE_PARSE`, not retried).
   *
   * Returns a copy of `client` (same prototype and own properties, `use`/`eject` included, so middleware still
   * registers on `client`); the methods `client` lacks are left out. The copy's calls reject with
   * `InvalidOptionsError` (nothing sent) when `callOptions` is not an object or differs from `init.signal`'s signal.
   */
  pathClient<C extends PathBasedClient>(client: C): C;
  /**
   * The breaker's state now; `open` turns to `half-open` on read once `halfOpenAfterMs` has passed (so a health
   * check sees it without traffic). With `breaker.scope: "operation"`, pass the operationId.
   */
  breakerState(operationId?: string): BreakerState;
  /** The breaker's state, sliding-window counts and next probe time, for health checks and dashboards. */
  breakerSnapshot(operationId?: string): BreakerSnapshot;
  /**
   * openapi-fetch's `pathSerializer` with guards; generated code passes it to `createClient({ pathSerializer })`,
   * so typed and path-based calls both use it. Each value is percent-encoded (`encodeURIComponent`, so `/`, `?`,
   * `#` stay inside the segment), styles `simple`/`label`/`matrix` and `explode` as openapi-fetch reads them from
   * the template. It must run on the template, before `new Request()`: the URL parser removes dot segments, so
   * `/items/..` is already `/` when `fetch` sees it (RFC 3986 §5.2.4).
   * @throws InvalidRequestError (`location: "path"`, nothing sent) for a missing, empty, `.` or `..` value, or
   *   an empty array/object.
   */
  readonly pathSerializer: PathSerializer;
  /**
   * openapi-fetch's `querySerializer` for `operation`, following its `OperationMeta.query` styles (see
   * `createQuerySerializer`); created once per operation and cached. Generated code passes it per request:
   * `raw.request(method, path, { ...init, fetch, querySerializer: downstream.querySerializer(meta) })`.
   */
  querySerializer(operation: OperationMeta): QuerySerializer;
}

/** One path-based method of an openapi-fetch client: `(path template, init?) => Promise<result>`. */
export type PathBasedMethod = (path: never, ...init: never[]) => Promise<unknown>;

/**
 * The structural shape {@link Downstream.pathClient} accepts: an openapi-fetch `Client` (`createClient<paths>()`)
 * or anything with the same path-based methods. No openapi-fetch import is needed.
 */
export type PathBasedClient = { readonly [M in HttpMethod]?: PathBasedMethod } & {
  readonly request?: (method: never, path: never, ...init: never[]) => Promise<unknown>;
};

/** A breaker's state with the counts of its sliding window. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Attempts in the sliding window (cleared when the breaker opens or closes). */
  readonly calls: number;
  /** Failed attempts in the sliding window. */
  readonly failures: number;
  /** Epoch ms from which a probe may go; set only while `open`. */
  readonly nextProbeAt: number | undefined;
}
