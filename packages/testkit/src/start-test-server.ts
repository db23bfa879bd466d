import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import type { FaultPlan, RouteSelector } from "./fault-plan.js";
import type { ContentCoding } from "./internal/compress-outcome.js";
import { handleRequest } from "./internal/handle-request.js";
import { loadSpec } from "./internal/load-spec.js";
import { readPagedLists, type SeedCollection, seedResources } from "./internal/paged-list.js";
import { ServerState } from "./internal/server-state.js";
import { requireTokens, type TokenVerifier } from "./internal/token-guard.js";
import { validateFaultPlan } from "./parse-fault-plan.js";
import type { RecordedRequest } from "./recorded-request.js";
import type { SideEffectLedger } from "./side-effect-ledger.js";

export type { ContentCoding };

/** Options of {@link startTestServer}. */
export interface StartTestServerOptions {
  /** Path of an OpenAPI 3.0/3.1 file (YAML or JSON; external `$ref`s are followed), or a parsed document. */
  readonly spec: string | Record<string, unknown>;
  /** TCP port on 127.0.0.1. @default 0 (a free port chosen by the OS) */
  readonly port?: number;
  /** Fault plans to start with, by route (`"POST /charges"` or an operationId). @default none: every request passes */
  readonly faults?: Readonly<Record<RouteSelector, FaultPlan>>;
  /** Called when an exchange ends (response finished, or connection closed/reset), with its final record. */
  readonly onExchangeEnd?: (request: RecordedRequest) => void;
  /**
   * Resources held from the start and again after `reset()`, per collection path (`{ "/charges": { count: 120 } }`),
   * created as the spec's `POST` there would create them (sequential ids), e.g. for paged lists to walk.
   * @default none
   */
  readonly seed?: Readonly<Record<string, SeedCollection>>;
  /**
   * Requires a token that this verifier accepts (e.g. a `startOAuthTokenEndpoint()`) on every operation with security
   * requirements, with each scope an `oauth2` requirement names; otherwise 401 with `WWW-Authenticate: Bearer`,
   * before validation and before anything is carried out. @default tokens are not checked
   */
  readonly requireToken?: TokenVerifier;
  /**
   * Content codings to compress answers with (node:zlib), in order of preference: an answer with a body is
   * compressed with the first one the request's `Accept-Encoding` allows, with `Content-Encoding` and
   * `Vary: Accept-Encoding`. A `respond` fault's `contentEncoding` compresses its answer regardless.
   * @default [] (answers are sent uncompressed)
   */
  readonly compression?: readonly ContentCoding[];
}

/** In-flight requests: now, and the most at once since start or the last `reset()`. */
export interface ConcurrencySnapshot {
  readonly current: number;
  readonly max: number;
}

/** A running test server. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`, no trailing slash: the client's baseUrl. */
  readonly url: string;
  readonly port: number;
  /** Every route as `METHOD /template`, in spec order of matching. */
  readonly routes: readonly string[];
  /** Every request the server saw, in arrival order (a live view; entries update as exchanges progress). */
  readonly requests: readonly RecordedRequest[];
  /** Side effects committed, by operation and Idempotency-Key. */
  readonly ledger: SideEffectLedger;
  /** Requests of one route (`METHOD /template` or operationId). @throws TestkitError `ROUTE_UNKNOWN` */
  requestsFor(route: RouteSelector): RecordedRequest[];
  /**
   * Sets the fault plan of a route, replacing any earlier one; counters, PRNG and timeline start now.
   * @throws TestkitError `ROUTE_UNKNOWN` for a route not in the spec, `PLAN_INVALID` for a malformed plan.
   */
  setFaultPlan(route: RouteSelector, plan: FaultPlan): void;
  /** Removes the plan of one route, or of every route. */
  clearFaultPlan(route?: RouteSelector): void;
  /** In-flight requests of one route, or of the whole server. */
  concurrency(route?: RouteSelector): ConcurrencySnapshot;
  /** Number of client TCP connections open right now. */
  openSockets(): number;
  /** The resource the server holds at a concrete path (e.g. `/charges/ch_000001`), or undefined. */
  resource(path: string): unknown;
  /** Forgets requests, ledger, resources, idempotency records and maxima (seeded resources are created again); plans stay and restart from request 1. */
  reset(): void;
  /** Stops listening, cancels every delay, destroys every connection (hung ones too); resolves when all are gone. */
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : port);
    });
  });
}

/** Client connections: an id per socket, and a promise per open socket that settles when it has closed. */
function trackSockets(server: Server): { ids: WeakMap<Socket, number>; open: Map<Socket, Promise<void>> } {
  const ids = new WeakMap<Socket, number>();
  const open = new Map<Socket, Promise<void>>();
  let next = 1;
  server.on("connection", (socket: Socket) => {
    ids.set(socket, next++);
    open.set(
      socket,
      new Promise((resolve) =>
        socket.once("close", () => {
          open.delete(socket);
          resolve();
        }),
      ),
    );
  });
  return { ids, open };
}

/**
 * Starts a real HTTP/1.1 server on 127.0.0.1 that serves an OpenAPI spec: it routes by the spec's paths,
 * validates requests (400 with the reasons), answers with the spec's examples or bodies derived from the
 * response schemas, keeps the state the spec implies (created resources can be read back; Idempotency-Key
 * replay, 409 in flight, 422 on a changed body, per the IETF Idempotency-Key draft), keeps a ledger of side
 * effects, records every request, and applies per-route fault plans.
 * @throws TestkitError `SPEC_LOAD`/`SPEC_INVALID` for a bad spec, `ROUTE_UNKNOWN`/`PLAN_INVALID` for bad `faults`.
 */
export async function startTestServer(options: StartTestServerOptions): Promise<TestServer> {
  const state = new ServerState(await loadSpec(options.spec), options.onExchangeEnd, options.compression);
  readPagedLists(state);
  if (options.requireToken !== undefined) requireTokens(state, options.requireToken);
  const seed = () => seedResources(state, options.seed ?? {});
  seed();
  for (const [selector, plan] of Object.entries(options.faults ?? {})) {
    state.setPlan(state.findRoute(selector), validateFaultPlan(plan, `faults[${JSON.stringify(selector)}]`));
  }
  const server = createServer({ keepAliveTimeout: 5_000 });
  const sockets = trackSockets(server);
  server.on("request", (req, res) => {
    void handleRequest(state, req, res, sockets.ids.get(req.socket) ?? 0).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`testkit internal error: ${(error as Error).stack ?? String(error)}`);
    });
  });
  const port = await listen(server, options.port ?? 0);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    routes: state.routes.map((r) => r.key),
    requests: state.requests,
    ledger: state.ledger,
    requestsFor: (selector) => {
      const route = state.findRoute(selector);
      return state.requests.filter((r) => r.route === route.key);
    },
    setFaultPlan: (selector, plan) =>
      state.setPlan(state.findRoute(selector), validateFaultPlan(plan, `fault plan for ${selector}`)),
    clearFaultPlan: (selector) => state.clearPlan(selector === undefined ? undefined : state.findRoute(selector)),
    concurrency: (selector) => state.concurrency(selector === undefined ? undefined : state.findRoute(selector)),
    openSockets: () => sockets.open.size,
    resource: (path) => state.store.get(path),
    reset: () => {
      state.reset();
      seed();
    },
    close: () => {
      closing ??= (async () => {
        state.timers.clear();
        state.markPendingClosed();
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        const closed = [...sockets.open.values()];
        for (const socket of sockets.open.keys()) socket.destroy();
        await Promise.all([stopped, ...closed]);
      })();
      return closing;
    },
  };
}
