import type { HttpMethod } from "./internal/contract-types.js";
import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";

/** Lower-case HTTP methods a path item can hold (OpenAPI 3.1 §4.8.9), in the order the spec lists them. */
export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** A lower-case HTTP method key of a path item. */
export type PathItemMethod = (typeof HTTP_METHODS)[number];

/** One operation found under `paths`, with its path item and the parameters of both levels. */
export interface WalkedOperation {
  /** Path template as the spec writes it. */
  readonly path: string;
  /** Lower-case method key of the path item. */
  readonly method: PathItemMethod;
  /** Upper-case method for metadata. */
  readonly httpMethod: HttpMethod;
  /** The operation object (local `$ref` followed). */
  readonly operation: Record<string, unknown>;
  /** Path-item and operation parameters, `$ref`s followed; operation-level ones override by `name` + `in`. */
  readonly parameters: readonly Record<string, unknown>[];
}

/**
 * Lists every operation under `paths` in document order (paths, then methods, as written).
 * Webhooks and callbacks are not client calls and are not listed.
 */
export function walkOperations(document: Record<string, unknown>): WalkedOperation[] {
  const result: WalkedOperation[] = [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolveLocalRef(document, rawItem);
    if (!isRecord(item)) continue;
    const shared = parameterList(document, item.parameters);
    for (const method of Object.keys(item).filter(isMethod)) {
      const operation = resolveLocalRef(document, item[method]);
      if (!isRecord(operation)) continue;
      const own = parameterList(document, operation.parameters);
      const merged = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
      result.push({ path, method, httpMethod: method.toUpperCase() as HttpMethod, operation, parameters: merged });
    }
  }
  return result;
}

function parameterList(document: Record<string, unknown>, value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((p) => resolveLocalRef(document, p)).filter(isRecord);
}

function isMethod(key: string): key is PathItemMethod {
  return (HTTP_METHODS as readonly string[]).includes(key);
}
