import type { AnyCallOptions } from "./call-options.js";
import type { OperationMeta } from "./operation.js";
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
   * A `fetch` for openapi-fetch's path-based calls: each request is matched to an operation by method and path
   * template, then runs through the same pipeline as {@link Downstream.call} with default call options. A request
   * that matches no operation is classed by its method (RFC 9110 §9.2.2).
   */
  readonly fetch: FetchFunction;
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
