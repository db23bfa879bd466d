/** Keys whose value maps names to objects: their keys are names (a property may be called `example`). */
const NAME_MAPS = new Set([
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
  "callbacks",
  "pathItems",
  "webhooks",
  "securitySchemes",
  "links",
]);

/** Keys under which a document holds data, never schemas. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const", "x-outbound"]);

/**
 * Calls `visit` on every object of an OpenAPI document that may be a schema (data under `example`, `default`,
 * `enum`, … is skipped), once each, parents before children, with its JSON pointer segments (valid during the
 * call only: the array is reused).
 */
export function walkSchemas(
  document: Record<string, unknown>,
  visit: (node: Record<string, unknown>, path: readonly string[]) => void,
): void {
  const seen = new Set<object>();
  const path: string[] = [];
  const walk = (node: unknown, keysAreNames: boolean): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        path.push(String(i));
        walk(node[i], false);
        path.pop();
      }
      return;
    }
    const record = node as Record<string, unknown>;
    if (!keysAreNames) visit(record, path);
    for (const key in record) {
      if (!keysAreNames && DATA_KEYS.has(key)) continue;
      path.push(key);
      walk(record[key], !keysAreNames && NAME_MAPS.has(key));
      path.pop();
    }
  };
  walk(document, false);
}
