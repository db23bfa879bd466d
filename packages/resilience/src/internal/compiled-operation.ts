import { createQuerySerializer as createFetchQuerySerializer, type QuerySerializerOptions } from "openapi-fetch";
import { type BodyPlan, compileBodyPlan } from "../body/encode-body.js";
import { InvalidRequestError } from "../invalid-request-error.js";
import type { HttpMethod, OperationMeta } from "../operation.js";
import { createQuerySerializer, type QuerySerializer } from "../query-serializer.js";
import { type CallPolicy, operationPolicy } from "./call-policy.js";
import {
  compilePathTemplate,
  hasDotSegment,
  PathParamRejection,
  type PathTemplate,
  serializePath,
} from "./path-template.js";
import type { ResolvedDownstreamOptions } from "./resolve-options.js";

/** openapi-fetch's `pathSerializer`: the URL template (`baseUrl` + path) and the path parameters in, the URL out. */
export type PathSerializer = (url: string, pathParams: Readonly<Record<string, unknown>>) => string;

/** One operation as the runtime uses it: compiled once, when its downstream is created (or, for a path-based call no operation declares, per call). */
export interface CompiledOperation {
  readonly meta: OperationMeta;
  /** Its path template, serving the path serializer, the path guard and the `url.template` label. */
  readonly template: PathTemplate;
  /**
   * openapi-fetch's per-request `pathSerializer` for this operation: each value percent-encoded
   * (`encodeURIComponent`, so `/`, `?`, `#` stay inside the segment), styles `simple` / `label` / `matrix` and
   * `explode` from the template. It runs on the template, before `new Request()`: the URL parser removes dot
   * segments (RFC 3986 §5.2.4), so `/items/..` is already `/` when `fetch` sees it.
   * @throws InvalidRequestError (`location: "path"`, nothing sent) for a missing, empty, `.` or `..` value, or an
   *   empty array or object.
   */
  readonly pathSerializer: PathSerializer;
  /**
   * openapi-fetch's `querySerializer` following `meta.query`, the literal query first; undefined for an undeclared
   * operation without one (openapi-fetch's defaults).
   */
  readonly querySerializer: QuerySerializer | undefined;
  /** The path template to hand openapi-fetch: `meta.path` without a literal query (`/things?beta=true` → `/things`). */
  readonly requestPath: string;
  /**
   * The query a spec wrote into the path key (`beta=true` of `/things?beta=true`), sent as written before the
   * operation's own query parameters; undefined when the key has none.
   */
  readonly literalQuery: string | undefined;
  /**
   * How the request body is encoded by media type (`meta.body`: form, multipart, text, bytes, a `+json` type);
   * undefined for an operation that sends JSON alone, which keeps openapi-fetch's JSON serializer.
   */
  readonly body: BodyPlan | undefined;
  /** The operation's policy before call options (its generated policy over the client's options). */
  readonly policy: CallPolicy;
}

/**
 * `serializer` (a function, openapi-fetch's serializer options, or undefined: openapi-fetch's defaults) with
 * `literalQuery` sent first: `beta=true&limit=5`. Returns `serializer` unchanged when there is no literal query.
 */
export function withLiteralQuery(
  literalQuery: string | undefined,
  serializer: QuerySerializer | QuerySerializerOptions | undefined,
): QuerySerializer | QuerySerializerOptions | undefined {
  if (literalQuery === undefined) return serializer;
  const own = typeof serializer === "function" ? serializer : createFetchQuerySerializer(serializer ?? {});
  return (query) => {
    const rest = own(query).replace(/^\?/, "");
    return rest === "" ? literalQuery : `${literalQuery}&${rest}`;
  };
}

/**
 * Compiles `meta` for the downstream whose options are `resolved` (its name is in the serializer's errors).
 * `declared` is false for a path-based call no generated operation declares (openapi-fetch's query defaults).
 * @throws InvalidOptionsError for an invalid generated policy of `meta` (see {@link operationPolicy}).
 */
export function compileOperation(
  resolved: ResolvedDownstreamOptions,
  meta: OperationMeta,
  declared = true,
): CompiledOperation {
  const downstream = resolved.name;
  // A path key may carry a query (`/things?beta=true`, as some real specs write): it is sent, not templated.
  const queryAt = meta.path.indexOf("?");
  const requestPath = queryAt === -1 ? meta.path : meta.path.slice(0, queryAt);
  const literalQuery = queryAt === -1 || queryAt === meta.path.length - 1 ? undefined : meta.path.slice(queryAt + 1);
  const template = compilePathTemplate(requestPath);
  // A client's base URL is the same on every call: its dot-segment check is made once.
  let lastPrefix = "";
  let lastPrefixDotSegment = false;
  const pathSerializer: PathSerializer = (url, params) => {
    try {
      // openapi-fetch hands over `baseUrl + path`: the template is compiled for the path, the base URL is a prefix.
      if (url.endsWith(requestPath)) {
        const prefix = url.slice(0, url.length - requestPath.length);
        if (prefix !== lastPrefix) {
          lastPrefix = prefix;
          lastPrefixDotSegment = hasDotSegment(prefix);
        }
        return serializePath(template, params, prefix, lastPrefixDotSegment);
      }
      return serializePath(compilePathTemplate(url), params);
    } catch (error) {
      if (!(error instanceof PathParamRejection)) throw error;
      const { parameter, reason } = error;
      throw new InvalidRequestError({
        downstream,
        operationId: meta.operationId,
        attempts: 0,
        location: "path",
        parameter,
        reason,
      });
    }
  };
  const own = declared ? createQuerySerializer(meta.query) : undefined;
  const querySerializer = withLiteralQuery(literalQuery, own) as QuerySerializer | undefined;
  const body = compileBodyPlan(downstream, meta);
  const policy = operationPolicy(resolved, meta);
  return { meta, template, pathSerializer, querySerializer, requestPath, literalQuery, body, policy };
}

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/**
 * The operation of a path-based call no generated operation declares, classed by its method (RFC 9110 §9.2.2):
 * GET, HEAD, OPTIONS, TRACE, PUT, DELETE are `idempotent`, others `unsafe` (never retried once a byte was sent, no
 * Idempotency-Key). `operationId` is `"{METHOD} {path}"`.
 */
export function operationByMethod(method: string, path: string): OperationMeta {
  const upper = method.toUpperCase();
  return {
    operationId: `${upper} ${path}`,
    method: upper as HttpMethod,
    path,
    class: IDEMPOTENT_METHODS.has(upper) ? "idempotent" : "unsafe",
  };
}
