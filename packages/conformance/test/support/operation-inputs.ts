import type { OperationMeta } from "@outbound/resilience";
import { deref, isObject, type JsonObject } from "./json-ref.js";
import { declaredValue, sampleValue } from "./sample-value.js";

/** openapi-fetch's init of one call: parameters by location, and the JSON body. */
export interface CallInit {
  readonly params: {
    readonly path: Record<string, unknown>;
    readonly query: Record<string, unknown>;
    readonly header: Record<string, unknown>;
  };
  readonly body?: unknown;
}

/** An operation the suite can call with inputs built from its spec, and how much had to be invented for it. */
export interface OperationInputs {
  readonly init: CallInit;
  /** Lower is simpler: required parameters and a required body each add to it. */
  readonly cost: number;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\b/i;

function operationNode(document: JsonObject, meta: OperationMeta): JsonObject | undefined {
  const paths = isObject(document.paths) ? document.paths : {};
  const item = deref(document, paths[meta.path]);
  if (!isObject(item)) return undefined;
  const node = item[meta.method.toLowerCase()];
  return isObject(node) ? node : undefined;
}

/** Path-level parameters overridden by operation-level ones of the same name and location (OpenAPI 3.1 §4.8.9). */
function parametersOf(document: JsonObject, meta: OperationMeta, operation: JsonObject): JsonObject[] {
  const paths = isObject(document.paths) ? document.paths : {};
  const item = deref(document, paths[meta.path]);
  const all = [
    ...(isObject(item) && Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ];
  const byKey = new Map<string, JsonObject>();
  for (const raw of all) {
    const parameter = deref(document, raw);
    if (isObject(parameter)) byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
  }
  return [...byKey.values()];
}

function firstExample(document: JsonObject, node: JsonObject): { found: boolean; value?: unknown } {
  if ("example" in node) return { found: true, value: node.example };
  if (isObject(node.examples)) {
    const first = deref(document, Object.values(node.examples)[0]);
    if (isObject(first) && "value" in first) return { found: true, value: first.value };
  }
  return { found: false };
}

function parameterValue(document: JsonObject, parameter: JsonObject): unknown {
  const own = firstExample(document, parameter);
  if (own.found) return own.value;
  const schema = deref(document, parameter.schema);
  if (isObject(schema)) {
    const declared = declaredValue(schema);
    if (declared.found) return declared.value;
  }
  return sampleValue(document, parameter.schema);
}

/** The required JSON body, `{ found: true }` without one, or `{ found: false }` when only non-JSON media is accepted. */
function requestBody(
  document: JsonObject,
  operation: JsonObject,
): { found: boolean; required: boolean; value?: unknown } {
  const body = deref(document, operation.requestBody);
  if (!isObject(body) || body.required !== true) return { found: true, required: false };
  const content = isObject(body.content) ? body.content : {};
  const media = Object.entries(content).find(([type]) => JSON_MEDIA.test(type))?.[1];
  if (!isObject(media)) return { found: false, required: true };
  const example = firstExample(document, media);
  return { found: true, required: true, value: example.found ? example.value : sampleValue(document, media.schema) };
}

/**
 * Builds the inputs of one call from the spec: every required path, query and header parameter (the operation's
 * idempotency header excepted: the runtime sends it) from its example, default or schema, and a required JSON body
 * from the media type's example or its schema. Undefined when the operation needs a body the generated client
 * cannot send (no JSON media type) or a cookie parameter.
 */
export function operationInputs(document: JsonObject, meta: OperationMeta): OperationInputs | undefined {
  const operation = operationNode(document, meta);
  if (operation === undefined) return undefined;
  const params = {
    path: {} as Record<string, unknown>,
    query: {} as Record<string, unknown>,
    header: {} as Record<string, unknown>,
  };
  let cost = 0;
  for (const parameter of parametersOf(document, meta, operation)) {
    const name = String(parameter.name);
    const location = String(parameter.in);
    if (location === "header" && name.toLowerCase() === meta.idempotencyHeader?.toLowerCase()) continue;
    if (parameter.required !== true && location !== "path") continue;
    if (location !== "path" && location !== "query" && location !== "header") return undefined;
    params[location][name] = parameterValue(document, parameter);
    cost += 1;
  }
  const body = requestBody(document, operation);
  if (!body.found) return undefined;
  return {
    init: body.required ? { params, body: body.value } : { params },
    cost: cost + (body.required ? 2 : 0),
  };
}

/** The operation's documented success statuses that carry a JSON body, in ascending order. */
export function jsonSuccessStatuses(document: JsonObject, meta: OperationMeta): number[] {
  const operation = operationNode(document, meta);
  const responses = isObject(operation?.responses) ? operation.responses : {};
  return Object.entries(responses)
    .filter(([code]) => /^2\d\d$/.test(code))
    .filter(([, raw]) => {
      const response = deref(document, raw);
      return (
        isObject(response) &&
        isObject(response.content) &&
        Object.keys(response.content).some((t) => JSON_MEDIA.test(t))
      );
    })
    .map(([code]) => Number(code))
    .sort((a, b) => a - b);
}

/** A body for a documented JSON success status: its example, else one sampled from its schema. */
export function successBody(document: JsonObject, meta: OperationMeta, status: number): unknown {
  const operation = operationNode(document, meta);
  const responses = isObject(operation?.responses) ? operation.responses : {};
  const response = deref(document, responses[String(status)]);
  const content = isObject(response) && isObject(response.content) ? response.content : {};
  const media = Object.entries(content).find(([type]) => JSON_MEDIA.test(type))?.[1];
  if (!isObject(media)) return undefined;
  const example = firstExample(document, media);
  return example.found ? example.value : sampleValue(document, media.schema);
}
