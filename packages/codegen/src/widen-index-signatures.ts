import { isRecord } from "./internal/json-pointer.js";
import { walkSchemas } from "./internal/walk-schemas.js";

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
  walkSchemas(document, (record) => {
    if (!needsWidening(record)) return;
    const declared = Object.values(record.properties as Record<string, unknown>);
    record.additionalProperties = { anyOf: [record.additionalProperties, ...declared] };
    changed++;
  });
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
