import type { Fault, FaultPlan } from "../fault-plan.js";
import type { RecordedRequest } from "../recorded-request.js";
import { TestkitError } from "../testkit-error.js";
import type { ContentCoding } from "./compress-outcome.js";
import type { MutableRecord } from "./exchange.js";
import { IdempotencyStore } from "./idempotency-store.js";
import { Ledger } from "./ledger.js";
import type { LoadedSpec } from "./load-spec.js";
import { classifyRoutes, type RouteSemantics } from "./operation-semantics.js";
import { createPlanCursor, type PlanCursor } from "./plan-cursor.js";
import { ResourceStore } from "./resource-store.js";
import { buildRouteTable, type Route } from "./route-table.js";
import { createSchemaValidator, type SchemaValidator } from "./schema-validator.js";
import { TimerSet } from "./timer-set.js";

/** In-flight counts: now, and the most seen at once since the last reset. */
export interface Concurrency {
  current: number;
  max: number;
}

const PASS: Fault = { kind: "pass" };

/** Everything one test server knows: its spec, routes, plans, records and state. */
export class ServerState {
  readonly document: Record<string, unknown>;
  readonly routes: readonly Route[];
  readonly semantics: Map<Route, RouteSemantics>;
  readonly validator: SchemaValidator;
  readonly store = new ResourceStore();
  readonly idempotency = new IdempotencyStore();
  readonly ledger = new Ledger();
  readonly requests: RecordedRequest[] = [];
  readonly timers = new TimerSet();
  readonly now: () => number = () => performance.now();
  readonly #plans = new Map<string, FaultPlan>();
  readonly #cursors = new Map<string, PlanCursor>();
  readonly #routeCounts = new Map<string, number>();
  readonly #concurrency = new Map<string, Concurrency>();

  /** Called when an exchange ends, with its final record. */
  readonly onExchangeEnd: ((request: RecordedRequest) => void) | undefined;

  /** Codings answers are compressed with when the client's Accept-Encoding allows one (first match wins). */
  readonly compression: readonly ContentCoding[];

  constructor(
    spec: LoadedSpec,
    onExchangeEnd?: (request: RecordedRequest) => void,
    compression: readonly ContentCoding[] = [],
  ) {
    this.onExchangeEnd = onExchangeEnd;
    this.compression = compression;
    this.document = spec.document;
    this.routes = buildRouteTable(spec.document);
    this.semantics = classifyRoutes(spec.document, this.routes);
    this.validator = createSchemaValidator(spec.document);
  }

  /**
   * The route a selector names: `METHOD /template` or an operationId.
   * @throws TestkitError `ROUTE_UNKNOWN` listing the routes there are.
   */
  findRoute(selector: string): Route {
    const [method, ...rest] = selector.trim().split(/\s+/);
    const template = rest.join(" ");
    const route = this.routes.find(
      (r) => (r.method === method?.toUpperCase() && r.template === template) || r.operationId === selector,
    );
    if (route === undefined) {
      const known = this.routes
        .map((r) => `${r.key}${r.operationId === undefined ? "" : ` (${r.operationId})`}`)
        .join(", ");
      throw new TestkitError(
        "ROUTE_UNKNOWN",
        `No route ${JSON.stringify(selector)} in the spec. Use "METHOD /path/{template}" as written in the spec, or an operationId: ${known}.`,
      );
    }
    return route;
  }

  /** Sets (or replaces) the plan of a route; its counters, PRNG and timeline start afresh. */
  setPlan(route: Route, plan: FaultPlan): void {
    this.#plans.set(route.key, plan);
    this.#cursors.set(route.key, createPlanCursor(plan, this.now));
  }

  clearPlan(route?: Route): void {
    if (route === undefined) {
      this.#plans.clear();
      this.#cursors.clear();
    } else {
      this.#plans.delete(route.key);
      this.#cursors.delete(route.key);
    }
  }

  nextFault(route: Route, idempotencyKey: string | undefined): Fault {
    return this.#cursors.get(route.key)?.next(idempotencyKey) ?? PASS;
  }

  /** The next 1-based arrival number of a route (0 for no route). */
  nextRouteSeq(route: Route | undefined): number {
    if (route === undefined) return 0;
    const n = (this.#routeCounts.get(route.key) ?? 0) + 1;
    this.#routeCounts.set(route.key, n);
    return n;
  }

  #counter(key: string): Concurrency {
    let counter = this.#concurrency.get(key);
    if (counter === undefined) {
      counter = { current: 0, max: 0 };
      this.#concurrency.set(key, counter);
    }
    return counter;
  }

  enter(route: Route | undefined): void {
    for (const key of route === undefined ? ["*"] : ["*", route.key]) {
      const counter = this.#counter(key);
      counter.current += 1;
      counter.max = Math.max(counter.max, counter.current);
    }
  }

  leave(route: Route | undefined): void {
    for (const key of route === undefined ? ["*"] : ["*", route.key]) this.#counter(key).current -= 1;
  }

  concurrency(route?: Route): Concurrency {
    const counter = this.#concurrency.get(route?.key ?? "*");
    return { current: counter?.current ?? 0, max: counter?.max ?? 0 };
  }

  /** Marks every exchange still open as closed by the server (called when the server shuts down). */
  markPendingClosed(): void {
    const at = this.now();
    for (const record of this.requests as MutableRecord[]) {
      if (record.outcome !== "pending") continue;
      record.outcome = "closed-by-server";
      record.closedAt = at;
    }
  }

  /** Forgets requests, ledger, resources, idempotency records, plan counters and maxima (plans stay, restarted). */
  reset(): void {
    this.requests.length = 0;
    this.ledger.clear();
    this.store.clear();
    this.idempotency.clear();
    this.#routeCounts.clear();
    for (const counter of this.#concurrency.values()) counter.max = counter.current;
    for (const [key, plan] of this.#plans) this.#cursors.set(key, createPlanCursor(plan, this.now));
  }
}
