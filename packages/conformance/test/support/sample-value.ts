import RandExp from "randexp";
import { deref, isObject, type JsonObject } from "./json-ref.js";

/** Values for string formats a validator checks (ajv-formats), so a sampled value passes the testkit's validation. */
const FORMAT_SAMPLES: Readonly<Record<string, string>> = {
  "date-time": "2026-11-29T08:30:00Z",
  date: "2026-11-29",
  time: "08:30:00Z",
  email: "ada@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "uri-reference": "https://example.com/",
  uuid: "8e03978e-40d5-43e8-bc93-6894a57f9324",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
};

/** The first value a schema or parameter offers itself: `example`, `examples[0]`, `default`, `const`, `enum[0]`. */
export function declaredValue(node: JsonObject): { found: boolean; value?: unknown } {
  if ("example" in node) return { found: true, value: node.example };
  if (Array.isArray(node.examples) && node.examples.length > 0) return { found: true, value: node.examples[0] };
  if ("default" in node) return { found: true, value: node.default };
  if ("const" in node) return { found: true, value: node.const };
  const choices = Array.isArray(node.enum) ? node.enum.filter((v) => v !== null) : [];
  if (choices.length > 0) return { found: true, value: choices[0] };
  return { found: false };
}

function typeOf(schema: JsonObject): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t): t is string => typeof t === "string" && t !== "null");
  if (isObject(schema.properties)) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/** The smallest string randexp derives from a pattern: every choice takes its lower bound, so runs repeat. */
export function fromPattern(pattern: string): string | undefined {
  try {
    const generator = new RandExp(new RegExp(pattern));
    generator.max = 4;
    generator.randInt = (low) => low;
    return generator.gen();
  } catch {
    return undefined;
  }
}

function sampleString(schema: JsonObject): string {
  const matching = typeof schema.pattern === "string" ? fromPattern(schema.pattern) : undefined;
  if (matching !== undefined) return matching;
  const format = typeof schema.format === "string" ? FORMAT_SAMPLES[schema.format] : undefined;
  if (format !== undefined) return format;
  const min = typeof schema.minLength === "number" ? schema.minLength : 1;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Math.max(min, 8);
  return "sample".padEnd(min, "x").slice(0, Math.max(min, Math.min(max, 6)));
}

function sampleNumber(schema: JsonObject, integer: boolean): number {
  const min = typeof schema.minimum === "number" ? schema.minimum : undefined;
  const exclusive = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  let value = exclusive !== undefined ? exclusive + 1 : (min ?? 1);
  if (schema.exclusiveMinimum === true && min !== undefined) value = min + 1;
  if (typeof schema.maximum === "number" && value > schema.maximum) value = schema.maximum;
  return integer ? Math.ceil(value) : value;
}

/** allOf members merged into one object schema (properties and required lists joined). */
function mergeAllOf(document: unknown, schema: JsonObject): JsonObject {
  if (!Array.isArray(schema.allOf)) return schema;
  const merged: JsonObject = { ...schema, properties: { ...(isObject(schema.properties) ? schema.properties : {}) } };
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required.map(String) : []);
  for (const member of schema.allOf) {
    const part = deref(document, member);
    if (!isObject(part)) continue;
    const flat = mergeAllOf(document, part);
    Object.assign(merged.properties as JsonObject, isObject(flat.properties) ? flat.properties : {});
    for (const name of Array.isArray(flat.required) ? flat.required : []) required.add(String(name));
    if (merged.type === undefined && flat.type !== undefined) merged.type = flat.type;
  }
  merged.required = [...required];
  delete merged.allOf;
  return merged;
}

/**
 * A small value that satisfies `schema` where it can: the schema's own example or default first, then by type
 * (only required object properties, `minItems` array items, formats a validator knows, the smallest string a
 * `pattern` matches). A candidate whose value still breaks its schema is rejected by the testkit's validation (the
 * probe).
 */
export function sampleValue(document: unknown, node: unknown, depth = 0): unknown {
  const resolved = deref(document, node);
  if (!isObject(resolved) || depth > 12) return undefined;
  const schema = mergeAllOf(document, resolved);
  const declared = declaredValue(schema);
  if (declared.found) return declared.value;
  const variants = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : undefined;
  if (variants !== undefined && variants.length > 0) return sampleValue(document, variants[0], depth + 1);
  switch (typeOf(schema)) {
    case "string":
      return sampleString(schema);
    case "integer":
      return sampleNumber(schema, true);
    case "number":
      return sampleNumber(schema, false);
    case "boolean":
      return false;
    case "array": {
      const count = typeof schema.minItems === "number" ? schema.minItems : 0;
      return Array.from({ length: count }, () => sampleValue(document, schema.items, depth + 1));
    }
    case "object": {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const value: JsonObject = {};
      for (const name of Array.isArray(schema.required) ? schema.required.map(String) : []) {
        value[name] = sampleValue(document, properties[name] ?? {}, depth + 1);
      }
      return value;
    }
    default:
      return undefined;
  }
}
