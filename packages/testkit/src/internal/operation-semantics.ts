import type { Route } from "./route-table.js";
import { declaredProperties } from "./sample-from-schema.js";
import { documentedResponse, successStatus } from "./spec-responses.js";

/** What an operation does to server state, as far as its method and paths imply. */
export type Behaviour = "create" | "upsert" | "update" | "delete" | "read" | "other";

/** How the server treats one route. */
export interface RouteSemantics {
  readonly behaviour: Behaviour;
  /** True when the resource at the request path is tracked: reads, updates and deletes of unknown ones get 404. */
  readonly stateful: boolean;
  /** Number of leading path segments naming a tracked parent resource that must exist (0 for none). */
  readonly parentSegments: number;
}

/** `/charges/{chargeId}` → `/charges/{}`: templates compared without parameter names. */
function shape(template: string): string {
  return template.replace(/\{[^}]+\}/g, "{}").replace(/\/+$/, "");
}

function endsWithParam(template: string): boolean {
  return /\/\{[^}/]+\}$/.test(template);
}

/**
 * A POST creates a resource when its success response declares an `id` and either says so by status
 * (201 Created, RFC 9110 §15.3.2; 202 Accepted for queued creation) or the spec addresses the item
 * (`<path>/{param}` exists). A 200 "action" such as `POST /sessions/{id}/touch` creates nothing.
 */
function createsWithId(document: unknown, route: Route, itemShapes: ReadonlySet<string>): boolean {
  const status = successStatus(document, route);
  const response = documentedResponse(document, route, status);
  if (response === undefined || !declaredProperties(document, response.schema).has("id")) return false;
  return status === 201 || status === 202 || itemShapes.has(`${shape(route.template)}/{}`);
}

/**
 * Classifies every route: a POST that creates (see `createsWithId`) stores `<path>/{id}`; a PUT on
 * `.../{param}` creates or replaces that resource; GET, PATCH and DELETE on a tracked resource shape read,
 * update and delete it. A route below a tracked resource (e.g. `POST /charges/{chargeId}/refunds`) needs
 * that resource to exist.
 */
export function classifyRoutes(document: unknown, routes: readonly Route[]): Map<Route, RouteSemantics> {
  const tracked = new Set<string>();
  const creators = new Set<Route>();
  const itemShapes = new Set(
    routes.filter((r) => r.method !== "POST" && endsWithParam(r.template)).map((r) => shape(r.template)),
  );
  for (const route of routes) {
    if (route.method === "POST" && createsWithId(document, route, itemShapes)) {
      creators.add(route);
      tracked.add(`${shape(route.template)}/{}`);
    }
    if (route.method === "PUT" && endsWithParam(route.template)) tracked.add(shape(route.template));
  }
  const result = new Map<Route, RouteSemantics>();
  for (const route of routes) {
    const own = shape(route.template);
    const isTracked = tracked.has(own);
    const segments = own.split("/");
    let parentSegments = 0;
    for (let n = segments.length - 1; n > 1; n--) {
      if (tracked.has(segments.slice(0, n).join("/"))) {
        parentSegments = n;
        break;
      }
    }
    let behaviour: Behaviour = "other";
    if (creators.has(route)) behaviour = "create";
    else if (route.method === "PUT" && isTracked) behaviour = "upsert";
    else if (route.method === "PATCH" && isTracked) behaviour = "update";
    else if (route.method === "DELETE" && isTracked) behaviour = "delete";
    else if (route.method === "GET" || route.method === "HEAD") behaviour = "read";
    result.set(route, { behaviour, stateful: isTracked, parentSegments });
  }
  return result;
}
