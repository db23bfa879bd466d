import { isRecord, resolveRef } from "./json-pointer.js";

const MAX_DEPTH = 8;

const STRING_FORMATS: Readonly<Record<string, string>> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  time: "00:00:00Z",
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "user@example.com",
  uri: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
};

function firstType(type: unknown): string | undefined {
  if (typeof type === "string") return type;
  if (Array.isArray(type))
    return (
      type.find((t): t is string => typeof t === "string" && t !== "null") ??
      (type.includes("null") ? "null" : undefined)
    );
  return undefined;
}

function sampleString(schema: Record<string, unknown>): string {
  const format = typeof schema.format === "string" ? STRING_FORMATS[schema.format] : undefined;
  let value = format ?? "string";
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Number.POSITIVE_INFINITY;
  while (value.length < min) value += "x";
  return value.slice(0, max);
}

function sampleNumber(schema: Record<string, unknown>, integer: boolean): number {
  const step = integer ? 1 : 0.5;
  if (typeof schema.minimum === "number") return schema.minimum;
  if (typeof schema.exclusiveMinimum === "number") return schema.exclusiveMinimum + step;
  if (typeof schema.maximum === "number" && schema.maximum < 0) return schema.maximum;
  return 0;
}

/** A value for a schema node, resolving `$ref`s in `document`; `undefined` when nothing sensible exists. */
function sample(document: unknown, node: unknown, depth: number, refs: readonly string[]): unknown {
  if (!isRecord(node) || depth > MAX_DEPTH) return undefined;
  const ref = node.$ref;
  if (typeof ref === "string") {
    if (refs.includes(ref)) return undefined;
    const target = resolveRef(document, ref);
    return target === undefined ? undefined : sample(document, target.node, depth + 1, [...refs, ref]);
  }
  if ("const" in node) return node.const;
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if ("example" in node) return node.example;
  if ("default" in node) return node.default;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum.find((v) => v !== null) ?? null;
  if (Array.isArray(node.allOf)) return sampleAllOf(document, node.allOf, depth, refs);
  for (const key of ["oneOf", "anyOf"]) {
    const options = node[key];
    if (Array.isArray(options)) {
      const nonNull = options.find((o) => !(isRecord(o) && o.type === "null")) ?? options[0];
      return sample(document, nonNull, depth + 1, refs);
    }
  }
  return sampleByType(document, node, depth, refs);
}

function sampleAllOf(document: unknown, parts: unknown[], depth: number, refs: readonly string[]): unknown {
  const merged: Record<string, unknown> = {};
  for (const part of parts) {
    const value = sample(document, part, depth + 1, refs);
    if (!isRecord(value)) return value;
    Object.assign(merged, value);
  }
  return merged;
}

function sampleByType(
  document: unknown,
  node: Record<string, unknown>,
  depth: number,
  refs: readonly string[],
): unknown {
  const type = firstType(node.type) ?? (isRecord(node.properties) ? "object" : undefined);
  switch (type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(isRecord(node.properties) ? node.properties : {})) {
        const value = sample(document, property, depth + 1, refs);
        if (value !== undefined) result[name] = value;
      }
      return result;
    }
    case "array": {
      const item = sample(document, node.items, depth + 1, refs);
      const count = Math.max(1, typeof node.minItems === "number" ? node.minItems : 1);
      return item === undefined ? [] : Array.from({ length: count }, () => structuredClone(item));
    }
    case "string":
      return sampleString(node);
    case "integer":
      return sampleNumber(node, true);
    case "number":
      return sampleNumber(node, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return undefined;
  }
}

/**
 * Derives a value from a JSON Schema inside a bundled OpenAPI document: `const`, `examples`, `example`,
 * `default`, the first non-null `enum` value, else a value built from `type` (every declared property of an
 * object, one item of an array, a string of the schema's `format`, the `minimum` of a number).
 * Cycles and depth past 8 are cut off (the property is left out). `pattern` is not honoured: give the schema
 * an example when the server's answers must match it.
 */
export function sampleFromSchema(document: unknown, schema: unknown): unknown {
  return sample(document, schema, 0, []);
}

/** The property names a schema declares (through `$ref` and `allOf`), for overlaying request values. */
export function declaredProperties(document: unknown, schema: unknown, refs: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  if (!isRecord(schema)) return names;
  const ref = schema.$ref;
  if (typeof ref === "string" && !refs.includes(ref)) {
    const target = resolveRef(document, ref);
    return target === undefined ? names : declaredProperties(document, target.node, [...refs, ref]);
  }
  if (isRecord(schema.properties)) for (const name of Object.keys(schema.properties)) names.add(name);
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) for (const name of declaredProperties(document, part, refs)) names.add(name);
  }
  return names;
}

/** The property names a schema requires (through `$ref` and `allOf`). */
export function requiredProperties(document: unknown, schema: unknown, refs: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  if (!isRecord(schema)) return names;
  const ref = schema.$ref;
  if (typeof ref === "string" && !refs.includes(ref)) {
    const target = resolveRef(document, ref);
    return target === undefined ? names : requiredProperties(document, target.node, [...refs, ref]);
  }
  if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === "string") names.add(name);
  if (Array.isArray(schema.allOf)) {
    for (const part of schema.allOf) for (const name of requiredProperties(document, part, refs)) names.add(name);
  }
  return names;
}
