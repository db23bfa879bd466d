import { NAME_MAPS } from "./document-keys.js";
import { isRecord } from "./json-pointer.js";

/** Keys whose values are example data, never schemas: left untouched. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const"]);

/** Rewrites one OpenAPI 3.0 Schema Object in place to its JSON Schema 2020-12 meaning. */
function convertNode(node: Record<string, unknown>): void {
  if (typeof node.exclusiveMinimum === "boolean") {
    if (node.exclusiveMinimum && typeof node.minimum === "number") {
      node.exclusiveMinimum = node.minimum;
      delete node.minimum;
    } else delete node.exclusiveMinimum;
  }
  if (typeof node.exclusiveMaximum === "boolean") {
    if (node.exclusiveMaximum && typeof node.maximum === "number") {
      node.exclusiveMaximum = node.maximum;
      delete node.maximum;
    } else delete node.exclusiveMaximum;
  }
  if (node.nullable !== true) return;
  delete node.nullable;
  // OpenAPI 3.0.3 §4.7.24.1: nullable adds null to the allowed values; with an enum, null must be listed too
  // (it is in our specs); we add it so that `nullable` alone is enough, as most servers read it.
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
  const type = node.type;
  if (typeof type === "string") {
    node.type = [type, "null"];
  } else if (type === undefined) {
    const rest = { ...node };
    for (const key of Object.keys(node)) delete node[key];
    node.anyOf = [rest, { type: "null" }];
  }
}

/**
 * Converts every Schema Object of an OpenAPI 3.0 document in place: `nullable: true` becomes a `null` type
 * (or `anyOf [..., {type: null}]` for a typeless schema such as `allOf`), boolean `exclusiveMinimum`/
 * `exclusiveMaximum` become the numeric 2020-12 form. Only schemas carry those keywords, so the walk visits
 * the whole document and skips example data.
 */
export function convertOpenApi30Schemas(document: Record<string, unknown>): void {
  // Each entry: a node, and whether its keys are names (of properties, components…) rather than keywords.
  const stack: [unknown, boolean][] = [[document, false]];
  while (stack.length > 0) {
    const [node, keysAreNames] = stack.pop() as [unknown, boolean];
    if (Array.isArray(node)) {
      for (const item of node) stack.push([item, false]);
    } else if (isRecord(node)) {
      if (!keysAreNames) convertNode(node);
      for (const [key, value] of Object.entries(node)) {
        if (keysAreNames || !DATA_KEYS.has(key)) stack.push([value, !keysAreNames && NAME_MAPS.has(key)]);
      }
    }
  }
}
