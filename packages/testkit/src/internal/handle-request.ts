import type { IncomingMessage, ServerResponse } from "node:http";
import type { Fault } from "../fault-plan.js";
import { compressOutcome } from "./compress-outcome.js";
import { deliverFault, deliverOutcome } from "./deliver-fault.js";
import type { Exchange, MutableRecord } from "./exchange.js";
import { fingerprint } from "./idempotency-store.js";
import { type Outcome, outcomeOf } from "./outcome.js";
import { pagedListResult } from "./paged-list.js";
import { problemOutcome } from "./problem-response.js";
import { processOperation } from "./process-operation.js";
import { matchRoute, type Route, type RouteMatch } from "./route-table.js";
import type { ServerState } from "./server-state.js";
import { documentedResponse, successStatus } from "./spec-responses.js";
import { tokenDenial } from "./token-guard.js";
import { validateRequest } from "./validate-request.js";

/** Methods whose success is not a side effect (RFC 9110 §9.2.1). */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

function readBody(req: IncomingMessage, record: MutableRecord): Promise<boolean> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.once("end", () => {
      record.body = Buffer.concat(chunks);
      record.bodyComplete = true;
      resolve(true);
    });
    req.once("close", () => {
      if (!record.bodyComplete) {
        record.body = Buffer.concat(chunks);
        resolve(false);
      }
    });
  });
}

function commits(fault: Fault): boolean {
  return fault.kind === "pass" || ("commit" in fault && fault.commit === true);
}

/** Carries out the operation (validation, Idempotency-Key, state, ledger) after the fault's processing delay. */
async function commit(
  state: ServerState,
  exchange: Exchange,
  route: Route,
  pathParams: Record<string, string>,
  delayMs: number,
  rejection: 400 | 406 | 415,
): Promise<Outcome> {
  const { record } = exchange;
  const denied = tokenDenial(state, route, record.headers.authorization);
  if (denied !== undefined) {
    await state.timers.sleep(delayMs);
    return denied;
  }
  if (record.validationErrors.length > 0) {
    await state.timers.sleep(delayMs);
    return problemOutcome(state.document, route, rejection, record.validationErrors.join("; "));
  }
  const key = record.idempotencyKey;
  const decision =
    route.idempotencyHeader === undefined || key === undefined
      ? undefined
      : state.idempotency.begin(route.key, key, fingerprint(record.path, record.json, record.body));
  await state.timers.sleep(delayMs);
  if (decision?.kind === "in-flight") {
    return problemOutcome(state.document, route, 409, "A request with this Idempotency-Key is still being processed.", {
      "retry-after": "1",
    });
  }
  if (decision?.kind === "mismatch") {
    return problemOutcome(
      state.document,
      route,
      422,
      "This Idempotency-Key was already used with a different request.",
    );
  }
  if (decision?.kind === "replay") {
    record.replayed = true;
    return { ...decision.outcome, headers: { ...decision.outcome.headers, "idempotent-replayed": "true" } };
  }
  const semantics = state.semantics.get(route);
  if (semantics === undefined) throw new Error(`route ${route.key} has no semantics`);
  const result =
    pagedListResult(state, route, record.path, record.url) ??
    processOperation(
      state.document,
      {
        route,
        semantics,
        path: record.path,
        pathParams,
        json: record.bodyMediaType === "application/x-www-form-urlencoded" ? record.decodedBody : record.json,
        accept: record.headers.accept,
      },
      state.store,
    );
  decision?.complete(result.outcome);
  record.committed = true;
  const { status, body, headers } = result.outcome;
  if (!SAFE_METHODS.has(route.method) && status >= 200 && status < 300) {
    state.ledger.record({
      operationId: route.operationId,
      route: route.key,
      method: route.method,
      path: record.path,
      idempotencyKey: key,
      requestSeq: record.seq,
      status,
      resourcePath: result.resourcePath,
      requestBody: record.json,
      responseBody:
        body.length > 0 && /json/.test(headers["content-type"] ?? "") ? JSON.parse(body.toString("utf8")) : undefined,
      committedAt: state.now(),
    });
  }
  return result.outcome;
}

/** The spec's success answer, for faults that show a body without carrying out the operation. */
function previewOutcome(state: ServerState, route: Route, accept: string | undefined): Outcome {
  const response = documentedResponse(state.document, route, successStatus(state.document, route), accept);
  return outcomeOf(response?.status ?? 200, response?.mediaType, response?.body);
}

function newRecord(
  state: ServerState,
  req: IncomingMessage,
  route: Route | undefined,
  socketId: number,
): MutableRecord {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const headers = flatHeaders(req);
  return {
    seq: state.requests.length + 1,
    routeSeq: state.nextRouteSeq(route),
    method: req.method ?? "GET",
    url: req.url ?? "/",
    path: url.pathname,
    route: route?.key,
    operationId: route?.operationId,
    headers,
    body: Buffer.alloc(0),
    bodyComplete: false,
    json: undefined,
    bodyMediaType: undefined,
    decodedBody: undefined,
    parts: undefined,
    idempotencyKey: route?.idempotencyHeader === undefined ? undefined : headers[route.idempotencyHeader],
    validationErrors: [],
    arrivedAt: state.now(),
    concurrentAtArrival: 0,
    socketId,
    remotePort: req.socket.remotePort ?? 0,
    fault: "pass",
    replayed: false,
    committed: false,
    status: undefined,
    headersSentAt: undefined,
    finishedAt: undefined,
    closedAt: undefined,
    outcome: "pending",
  };
}

function track(state: ServerState, exchange: Exchange, route: Route | undefined): void {
  const { res, record } = exchange;
  state.enter(route);
  record.concurrentAtArrival = state.concurrency(route).current;
  res.once("finish", () => {
    if (record.outcome === "pending") record.outcome = "finished";
    record.finishedAt = state.now();
  });
  res.once("close", () => {
    state.leave(route);
    if (record.outcome === "pending") {
      record.outcome = "closed-by-client";
      record.closedAt = state.now();
    }
    state.onExchangeEnd?.(record);
  });
}

function unmatchedOutcome(
  state: ServerState,
  match: Exclude<RouteMatch, { kind: "found" }>,
  method: string,
  path: string,
): Outcome {
  if (match.kind === "no-path")
    return problemOutcome(state.document, undefined, 404, `No path of the spec matches ${path}.`);
  const allowed = match.allowed.join(", ");
  return problemOutcome(state.document, undefined, 405, `${method} is not defined for ${path}; allowed: ${allowed}.`, {
    allow: allowed,
  });
}

/** The spec's example answer for the status of a `respond` fault, if the operation documents that status. */
function documentedOutcome(state: ServerState, route: Route, fault: Fault, accept?: string): Outcome | undefined {
  if (fault.kind !== "respond") return undefined;
  const documented = documentedResponse(state.document, route, fault.status, accept);
  return documented?.mediaType === undefined
    ? undefined
    : outcomeOf(documented.status, documented.mediaType, documented.body);
}

/** Serves one request: record it, pick the route's fault, carry out the operation if the fault commits, deliver. */
export async function handleRequest(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  socketId: number,
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const match = matchRoute(state.routes, req.method ?? "GET", url.pathname);
  const record = newRecord(state, req, match.kind === "found" ? match.route : undefined, socketId);
  state.requests.push(record);
  const exchange: Exchange = { res, socket: req.socket, record, timers: state.timers, now: state.now };
  track(state, exchange, match.kind === "found" ? match.route : undefined);
  if (!(await readBody(req, record))) return;
  if (match.kind !== "found")
    return deliverOutcome(exchange, unmatchedOutcome(state, match, record.method, url.pathname));
  const { pathParams } = match;
  const parts = { pathParams, query: url.searchParams, headers: req.headers, body: record.body };
  let route = match.route;
  let check = await validateRequest(route, parts, state.validator, state.document);
  for (const alternative of check.errors.length > 0 ? match.alternatives : []) {
    const other = await validateRequest(alternative, parts, state.validator, state.document);
    if (other.errors.length > 0) continue;
    route = alternative;
    check = other;
    record.route = route.key;
    record.operationId = route.operationId;
    break;
  }
  record.validationErrors = check.errors;
  record.json = check.json;
  record.bodyMediaType = check.mediaType;
  record.decodedBody = check.decoded;
  record.parts = check.parts;
  const fault = state.nextFault(route, record.idempotencyKey);
  record.fault = fault.kind;
  const delayMs = "delayBeforeHeadersMs" in fault ? (fault.delayBeforeHeadersMs ?? 0) : 0;
  const outcome = commits(fault)
    ? await commit(state, exchange, route, { ...pathParams }, delayMs, check.status ?? 400)
    : await state.timers.sleep(delayMs).then(() => previewOutcome(state, route, record.headers.accept));
  const acceptEncoding = record.headers["accept-encoding"];
  const documented = documentedOutcome(state, route, fault, record.headers.accept);
  await deliverFault(
    exchange,
    fault,
    compressOutcome(outcome, acceptEncoding, state.compression),
    documented === undefined ? undefined : compressOutcome(documented, acceptEncoding, state.compression),
    successStatus(state.document, route),
  );
}
