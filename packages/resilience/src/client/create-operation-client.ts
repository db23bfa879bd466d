import createFetchClient from "openapi-fetch";
import type { EncodedBody } from "../body/encode-body.js";
import type { AnyCallOptions } from "../call-options.js";
import { createDownstream, type DownstreamPipeline, type FetchFunction } from "../downstream.js";
import type { Downstream } from "../downstream-types.js";
import { type CompiledOperation, withLiteralQuery } from "../internal/compiled-operation.js";
import { moveInitSignal } from "../internal/init-signal.js";
import type { OperationMeta, ServerVariable } from "../operation.js";
import type { ResilienceOptions } from "../options.js";
import { withPages } from "../pagination/bind-pages.js";
import type { SentPage } from "../pagination/paginate.js";
import { retarget } from "../pagination/retarget.js";
import { withStream } from "../stream/bind-stream.js";
import { compileAnswers, requestWithBinaryErrors } from "./answer-reading.js";
import { type AuthScheme, planCredentials, secretsOf } from "./auth-scheme.js";
import { type BoundOperation, bindOperations } from "./bind-operations.js";
import { resolveOperationServers } from "./operation-servers.js";
import type { OperationClient, OperationSignature } from "./operation-types.js";

/** What every generated `<Name>ClientOptions` has: where the downstream is, credentials, headers, resilience knobs. */
export type OperationClientOptions = ResilienceOptions & {
  /** Base URL that path templates are appended to. */
  readonly baseUrl: string;
  /** Credentials, one field per {@link AuthScheme} of the spec. */
  readonly auth?: object;
  /** Headers sent on every request. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Where operations with their own server go instead: a base URL per server URL template as the spec writes it
   * (`OperationMeta.server`), e.g. `{ "https://files.stripe.com/": "http://127.0.0.1:4010" }` to point them at a
   * testkit. @default the spec's server, variables filled, relative ones resolved against `baseUrl`
   */
  readonly servers?: Readonly<Record<string, string>>;
  /** Values of the spec's server variables, by name. @default each variable's `default` from the spec */
  readonly serverVariables?: Readonly<Record<string, string>>;
};

/** The per-spec part a generated client passes to {@link createOperationClient}. */
export interface ClientDescription {
  /** Downstream name (`specs/<name>`), used in errors, spans and metrics. */
  readonly name: string;
  /** The spec's security schemes, in spec order; their headers and query parameters are redacted as secrets. */
  readonly auth: readonly AuthScheme[];
  /** The variables of the operations' own servers (OpenAPI 3.1 §4.8.6), by name. @default none */
  readonly serverVariables?: Readonly<Record<string, ServerVariable>>;
}

/**
 * The body of every generated `create<Name>Client`: one downstream (its operations compiled once), one openapi-fetch
 * client with the auth middleware, and one method per entry of `operations` (the frozen table of `operations.gen.ts`,
 * keyed by method name), each bound to its compiled operation and running one logical call through the pipeline.
 * `raw` runs openapi-fetch's path-based calls through the same pipeline; `downstream` shows the name and the
 * breaker. The type parameters are the spec's `paths` and the generated `<Name>Operations` interface.
 * @throws InvalidOptionsError when `options` are invalid (checked once, here), `auth` included.
 */
export function createOperationClient<Paths extends {}, Ops extends { readonly [K in keyof Ops]: OperationSignature }>(
  options: OperationClientOptions,
  description: ClientDescription,
  operations: { readonly [K in keyof Ops]: OperationMeta },
): OperationClient<Paths, Ops> {
  const { baseUrl, auth, headers, servers, serverVariables, ...resilience } = options;
  const table = operations as Readonly<Record<string, OperationMeta>>;
  const declared = description.serverVariables ?? {};
  const hosts = resolveOperationServers(Object.values(table), { baseUrl, servers, serverVariables, declared });
  const credentials = planCredentials(description.auth, auth, { name: description.name, options: resilience });
  const downstream = createDownstream(
    { ...resilience, name: description.name, ...secretsOf(description.auth) },
    Object.values(table),
    credentials.attempt,
  );
  const raw = createFetchClient<Paths>({ baseUrl, ...(headers === undefined ? {} : { headers }) });
  if (credentials.middleware !== undefined) raw.use(credentials.middleware);
  const request = raw.request as RawRequest;
  const { secretQueryParams } = secretsOf(description.auth);
  const methods = bindOperations(table, (meta) => {
    const operation = downstream.operation(meta);
    const host = hosts.get(meta.operationId);
    const method = bindOperation(downstream, operation, request, host);
    if (meta.stream !== undefined) return withStream(method, meta.stream);
    if (meta.pagination === undefined) return method;
    const refusal = { downstream: description.name, operationId: meta.operationId, secretQueryParams };
    return withPages(method, {
      downstream: description.name,
      operationId: meta.operationId,
      pagination: meta.pagination,
      send: async (init, callOptions, target): Promise<SentPage> => {
        let url = "";
        const result = await bindOperation(downstream, operation, request, host, async (fetch, sent) => {
          const next = target === undefined ? sent : await retarget(sent, target, refusal);
          url = next.url;
          return fetch(next);
        })(init, callOptions);
        return { ...(result as Omit<SentPage, "url">), url };
      },
    });
  });
  const view: Downstream = {
    name: downstream.name,
    breakerState: downstream.breakerState,
    breakerSnapshot: downstream.breakerSnapshot,
  };
  return { ...methods, raw: downstream.pathClient(raw), downstream: view } as unknown as OperationClient<Paths, Ops>;
}

type RawRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<unknown>;
type QuerySerializerOption = Parameters<typeof withLiteralQuery>[1];
/** The part of a generated method's init read here (the rest goes to openapi-fetch as it is). */
type GivenInit = {
  querySerializer?: QuerySerializerOption;
  parseAs?: unknown;
  body?: unknown;
  contentType?: unknown;
  headers?: unknown;
};

/**
 * The generated method of `operation`: one logical call around openapi-fetch's `request`, with the call's `fetch`,
 * the operation's path serializer, its query serializer unless the init gives its own `querySerializer` (either way
 * after the path key's literal query, if it has one: `/things?beta=true` sends `beta=true&…`), and its
 * answer's `parseAs` (from the spec's media types, see `OperationMeta.answers`) unless the init gives its own
 * (openapi-fetch's per-request options, which the method's init type accepts). The body is encoded by the media
 * type the init's `contentType` chooses (default: JSON where offered, else the spec's first; see `OperationMeta.body`)
 * before openapi-fetch builds the request; a JSON-only operation keeps openapi-fetch's serializer. An error status with a binary body
 * answers `error` as a Blob. An operation with its own server goes to `host` (openapi-fetch's per-request
 * `baseUrl`) instead of the client's. The init's `signal` is the call's (see {@link moveInitSignal}). `through`, when given, sits between openapi-fetch and the call's `fetch`
 * (a page sent to a next-page URL).
 */
function bindOperation(
  downstream: DownstreamPipeline,
  operation: CompiledOperation,
  request: RawRequest,
  host: string | undefined,
  through?: (fetch: FetchFunction, request: Request) => Promise<Response>,
): BoundOperation {
  const { meta, pathSerializer, requestPath, literalQuery, body } = operation;
  const baseUrl = host === undefined ? {} : { baseUrl: host };
  const answers = compileAnswers(meta);
  return (givenInit, givenOptions) => {
    let init: object | undefined;
    let callOptions: AnyCallOptions | undefined;
    try {
      ({ init, options: callOptions } = moveInitSignal(givenInit, givenOptions));
    } catch (error) {
      return Promise.reject(error);
    }
    return downstream.callCompiled(operation, callOptions, (callFetch) => {
      const given = init as GivenInit | undefined;
      const querySerializer =
        given?.querySerializer === undefined
          ? operation.querySerializer
          : withLiteralQuery(literalQuery, given.querySerializer);
      const parseAs = given?.parseAs ?? answers.parseAs;
      const fetch = through === undefined ? callFetch : (sent: Request) => through(callFetch, sent);
      const run = (encoded: EncodedBody | undefined) => {
        const send = (via: typeof fetch) =>
          request(meta.method, requestPath, {
            ...baseUrl,
            ...init,
            ...encoded,
            fetch: via,
            pathSerializer,
            querySerializer,
            parseAs,
          });
        return answers.binaryErrors ? requestWithBinaryErrors(answers, fetch, send) : send(fetch);
      };
      if (body === undefined) return run(undefined);
      return body.encode(given).then(run);
    });
  };
}
