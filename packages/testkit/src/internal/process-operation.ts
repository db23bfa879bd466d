import { isRecord } from "./json-pointer.js";
import { isJsonMediaType } from "./media-types.js";
import type { RouteSemantics } from "./operation-semantics.js";
import { type Outcome, outcomeOf } from "./outcome.js";
import { problemOutcome } from "./problem-response.js";
import type { ResourceStore } from "./resource-store.js";
import type { Route } from "./route-table.js";
import { declaredProperties, requiredProperties } from "./sample-from-schema.js";
import { type DocumentedResponse, documentedResponse, successStatus } from "./spec-responses.js";

const TIMESTAMPS = ["createdAt", "created_at", "updatedAt", "updated_at"];
const NOT_INHERITED = new Set(["id", "object", ...TIMESTAMPS]);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Everything the server knows about one request when it carries out the operation. */
export interface OperationRequest {
  readonly route: Route;
  readonly semantics: RouteSemantics;
  /** The request path without query, e.g. `/charges/ch_000001/refunds`. */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  /** The body as the operation sees it: the JSON value, or the decoded fields of a form body. */
  readonly json: unknown;
  /** The request's `Accept` header: it picks the media type of the answer. */
  readonly accept?: string | undefined;
}

/** The result of carrying out an operation, and the resource it touched. */
export interface OperationResult {
  readonly outcome: Outcome;
  /** The concrete path of the resource created, replaced, updated or deleted. */
  readonly resourcePath: string | undefined;
}

function overlay(
  target: Record<string, unknown>,
  source: unknown,
  declared: Set<string>,
  skip: Set<string> = new Set(),
): void {
  if (!isRecord(source)) return;
  for (const [key, value] of Object.entries(source))
    if (declared.has(key) && !skip.has(key)) target[key] = structuredClone(value);
}

/** Example values of fields the client could have sent but did not are not the client's: leave them out. */
function dropUnsent(
  document: unknown,
  resource: Record<string, unknown>,
  request: OperationRequest,
  responseSchema: unknown,
): void {
  const bodySchema = request.route.body?.content.find((c) => c.schemaPointer !== undefined)?.schemaPointer;
  if (bodySchema === undefined || !isRecord(request.json)) return;
  const sendable = declaredProperties(document, { $ref: bodySchema });
  const required = requiredProperties(document, responseSchema);
  for (const name of sendable) if (!(name in request.json) && !required.has(name)) delete resource[name];
}

function buildResource(
  document: unknown,
  response: DocumentedResponse,
  request: OperationRequest,
  parent: unknown,
  id: string | undefined,
): Record<string, unknown> {
  const declared = declaredProperties(document, response.schema);
  const resource: Record<string, unknown> = isRecord(response.body) ? { ...response.body } : {};
  dropUnsent(document, resource, request, response.schema);
  overlay(resource, parent, declared, NOT_INHERITED);
  overlay(resource, request.pathParams, declared);
  overlay(resource, request.json, declared, new Set(["id"]));
  if (id !== undefined && declared.has("id")) resource.id = id;
  const now = new Date().toISOString();
  for (const name of TIMESTAMPS) if (declared.has(name)) resource[name] = now;
  return resource;
}

function parentPath(request: OperationRequest): string {
  return request.path.split("/").slice(0, request.semantics.parentSegments).join("/");
}

function success(
  document: unknown,
  request: OperationRequest,
  status = successStatus(document, request.route),
): DocumentedResponse {
  return (
    documentedResponse(document, request.route, status, request.accept) ?? {
      status,
      mediaType: undefined,
      schema: undefined,
      body: undefined,
    }
  );
}

function create(document: unknown, request: OperationRequest, store: ResourceStore, parent: unknown): OperationResult {
  const response = success(document, request);
  const exampleId = isRecord(response.body) ? response.body.id : undefined;
  const id = store.newId(exampleId, typeof exampleId === "string" && UUID.test(exampleId));
  const resource = buildResource(document, response, request, parent, id);
  const resourcePath = `${request.path.replace(/\/+$/, "")}/${encodeURIComponent(id)}`;
  store.set(resourcePath, resource);
  return { outcome: outcomeOf(response.status, response.mediaType, resource), resourcePath };
}

function upsert(document: unknown, request: OperationRequest, store: ResourceStore, parent: unknown): OperationResult {
  const existed = store.get(request.path) !== undefined;
  const codes = [200, 201].filter((code) => documentedResponse(document, request.route, code) !== undefined);
  const status = !existed && codes.includes(201) ? 201 : (codes[0] ?? successStatus(document, request.route));
  const response = success(document, request, status);
  const lastParam = request.route.pathParamNames[request.route.pathParamNames.length - 1];
  const resource = buildResource(
    document,
    response,
    request,
    parent,
    lastParam === undefined ? undefined : request.pathParams[lastParam],
  );
  store.set(request.path, resource);
  return { outcome: outcomeOf(response.status, response.mediaType, resource), resourcePath: request.path };
}

function onExisting(document: unknown, request: OperationRequest, store: ResourceStore): OperationResult {
  const existing = store.get(request.path);
  const { behaviour } = request.semantics;
  if (existing === undefined) {
    return {
      outcome: problemOutcome(document, request.route, 404, `No resource at ${request.path}.`),
      resourcePath: undefined,
    };
  }
  const response = success(document, request);
  if (behaviour === "delete") {
    store.delete(request.path);
    return {
      outcome: outcomeOf(response.status, response.mediaType, response.mediaType === undefined ? undefined : existing),
      resourcePath: request.path,
    };
  }
  if (behaviour === "update") {
    const updated = { ...existing };
    overlay(updated, request.json, declaredProperties(document, response.schema), new Set(["id"]));
    store.set(request.path, updated);
    return { outcome: outcomeOf(response.status, response.mediaType, updated), resourcePath: request.path };
  }
  return {
    outcome: outcomeOf(response.status, response.mediaType, asAnswered(response, existing)),
    resourcePath: undefined,
  };
}

/** A stored resource is answered as JSON; an answer in another media type (bytes, text) is the spec's own. */
function asAnswered(response: DocumentedResponse, resource: unknown): unknown {
  return response.mediaType === undefined || isJsonMediaType(response.mediaType) ? resource : response.body;
}

/**
 * Carries out an operation on the server's state: a missing tracked parent or resource gives the spec's 404;
 * `create` stores a new resource under a fresh id; `upsert` stores the resource at the request path (201 when
 * new and documented, else 200); `update`/`delete`/`read` act on the stored resource; anything else answers
 * with the spec's success example overlaid with the path parameters.
 */
export function processOperation(document: unknown, request: OperationRequest, store: ResourceStore): OperationResult {
  const parent = request.semantics.parentSegments > 0 ? store.get(parentPath(request)) : undefined;
  if (request.semantics.parentSegments > 0 && parent === undefined) {
    return {
      outcome: problemOutcome(document, request.route, 404, `No resource at ${parentPath(request)}.`),
      resourcePath: undefined,
    };
  }
  switch (request.semantics.behaviour) {
    case "create":
      return create(document, request, store, parent);
    case "upsert":
      return upsert(document, request, store, parent);
    default:
      if (request.semantics.stateful) return onExisting(document, request, store);
  }
  const response = success(document, request);
  const body = isRecord(response.body) ? buildResource(document, response, request, parent, undefined) : response.body;
  return { outcome: outcomeOf(response.status, response.mediaType, body), resourcePath: undefined };
}
