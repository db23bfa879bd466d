import { isRecord } from "./json-pointer.js";

/**
 * Keys whose values map names to schemas or other objects (so their own keys are names, not keywords):
 * `properties: { example: {...} }` declares a property called "example".
 */
export const NAME_MAPS: ReadonlySet<string> = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "schemas",
  "paths",
  "responses",
  "parameters",
  "headers",
  "content",
  "requestBodies",
  "securitySchemes",
  "callbacks",
  "links",
  "examples",
]);

/**
 * A deep copy of an OpenAPI document without its example data (`example`, `examples` keywords). Ajv collects
 * `$id`s from every key of a schema document it is given, so an example value that happens to contain `$id`
 * (Box's spec has such examples) would otherwise be taken for a schema id.
 */
export function withoutExampleData(node: unknown, keysAreNames = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutExampleData(item));
  if (!isRecord(node)) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!keysAreNames && (key === "example" || key === "examples")) continue;
    copy[key] = withoutExampleData(value, !keysAreNames && NAME_MAPS.has(key));
  }
  return copy;
}
