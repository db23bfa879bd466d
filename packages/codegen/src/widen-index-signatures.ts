import { isRecord } from "./internal/json-pointer.js";

/** Keys whose value maps names to schemas (or other objects): their keys are names, not keywords. */
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

/** Keys under which a schema holds data, not schemas; never walked. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const", "x-outbound"]);

/**
 * An object schema with declared `properties` and a typed
 * `additionalProperties` (or `patternProperties`) becomes `{ declared } & { [key: string]: Extra }` — it compiles,
 * but no value with a declared property can be built, because TypeScript checks every property against the
 * index signature. JSON Schema applies `additionalProperties` only to undeclared keys, which TypeScript cannot
 * say; so the index type is widened to `Extra | <each declared property type>`. The declared properties keep
 * their exact types, undeclared keys still get `Extra` (never `unknown`).
 *
 * Rewrites affected schemas in place (as `additionalProperties: { anyOf: [Extra, ...declared] }`) and returns
 * how many it changed.
 */
export function widenIndexSignatures(document: Record<string, unknown>): number {
  let changed = 0;
  const seen = new Set<object>();
  const visit = (node: unknown, keysAreNames: boolean): void => {
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      return;
    }
    const record = node as Record<string, unknown>;
    if (!keysAreNames && needsWidening(record)) {
      const declared = Object.values(record.properties as Record<string, unknown>);
      record.additionalProperties = { anyOf: [record.additionalProperties, ...declared] };
      changed++;
    }
    for (const [key, value] of Object.entries(record)) {
      // In a map of names (properties, schemas, …) every key is a name, even `default` or `example`.
      if (keysAreNames || !DATA_KEYS.has(key)) visit(value, !keysAreNames && NAME_MAPS.has(key));
    }
  };
  visit(document, false);
  return changed;
}

function needsWidening(schema: Record<string, unknown>): boolean {
  const properties = schema.properties;
  const extra = schema.additionalProperties;
  return (
    isRecord(properties) &&
    Object.keys(properties).length > 0 &&
    Object.values(properties).every(isRecord) &&
    isRecord(extra) &&
    Object.keys(extra).length > 0
  );
}
