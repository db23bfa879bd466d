import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import { walkSchemas } from "./internal/walk-schemas.js";

/**
 * The value a member of a discriminated union sends is its own: when a `discriminator` (OpenAPI 3.1 §4.8.25) has
 * no `mapping` entry for a `oneOf` member and the member declares the discriminating property with an `enum` or
 * `const` of strings (`role: { enum: [user] }`), those values are the member's wire values. Only a member that does
 * not constrain the property is named by its schema name (the implicit mapping).
 *
 * openapi-typescript applies the implicit mapping to every unmapped member and overwrites the member's property
 * with the schema name (`role: "UserMessage"`), so this rule adds the explicit `mapping` entries (value → member
 * `$ref`) to the document copy it is given before openapi-typescript reads it. The property is looked up in the
 * member's `properties` and in those of its `allOf` parts (`$ref`s followed). Numbers and booleans are left alone
 * (a mapping key is a string). Returns how many entries it added.
 */
export function addDiscriminatorWireValues(document: Record<string, unknown>): number {
  let added = 0;
  walkSchemas(document, (node) => {
    const discriminator = node.discriminator;
    if (!isRecord(discriminator) || typeof discriminator.propertyName !== "string" || !Array.isArray(node.oneOf))
      return;
    const mapping: Record<string, unknown> = isRecord(discriminator.mapping) ? discriminator.mapping : {};
    const before = added;
    const mapped = new Set(Object.values(mapping).map((target) => String(target).split("/").pop()));
    for (const member of node.oneOf) {
      if (!isRecord(member) || typeof member.$ref !== "string") continue;
      if (mapped.has(member.$ref.split("/").pop())) continue;
      const values = declaredValues(document, member, discriminator.propertyName, 0);
      for (const value of values ?? []) {
        if (Object.hasOwn(mapping, value)) continue;
        mapping[value] = member.$ref;
        added++;
      }
    }
    if (added > before) discriminator.mapping = mapping;
  });
  return added;
}

/** The string values a schema allows for `property` by its own `enum`/`const`, or `undefined` when it does not say. */
function declaredValues(
  document: Record<string, unknown>,
  raw: unknown,
  property: string,
  depth: number,
): string[] | undefined {
  const schema = resolveLocalRef(document, raw);
  if (!isRecord(schema) || depth > 8) return undefined;
  const own = isRecord(schema.properties) ? resolveLocalRef(document, schema.properties[property]) : undefined;
  if (isRecord(own)) {
    if (typeof own.const === "string") return [own.const];
    if (Array.isArray(own.enum) && own.enum.length > 0 && own.enum.every((v) => typeof v === "string"))
      return own.enum as string[];
  }
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    const values = declaredValues(document, part, property, depth + 1);
    if (values !== undefined) return values;
  }
  return undefined;
}
