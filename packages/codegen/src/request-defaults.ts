import { QUESTION_TOKEN, type TransformNodeOptions } from "openapi-typescript";
import ts from "typescript";
import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";

/** Keys whose value maps names to schemas: their keys are names (a property may be called `default`). */
const NAME_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "content", "schemas"]);

/** Keys under which a schema holds data, never schemas. */
const DATA_KEYS = new Set(["example", "examples", "default", "enum", "const", "x-outbound"]);

/** openapi-typescript's `transformProperty` hook. */
export type TransformProperty = (
  property: ts.PropertySignature,
  schema: unknown,
  options: TransformNodeOptions,
) => ts.PropertySignature | undefined;

/**
 * A default means the caller may omit the property (JSON Schema 2020-12 §9.2 `default`: an annotation, the
 * server fills the value in), so what the caller sends keeps a defaulted property optional, while what the server
 * answers may have it required (openapi-typescript's `defaultNonNullable`).
 *
 * openapi-typescript already leaves defaulted properties optional in schemas written inline under a path's
 * `requestBody` or `parameters`; a schema `$ref`d into a request from `components.schemas` is typed once, for
 * every place that uses it, and gets them required. This rule finds every schema reachable (through `$ref`s,
 * transitively) from an operation's or path item's `requestBody` and `parameters`, and collects each defaulted
 * property schema there that its object (or an `allOf` parent inlining it) does not list in `required`. The
 * returned `transformProperty` hook puts `?` back on those properties, found by identity of the property schema
 * object, which openapi-typescript passes through unchanged.
 *
 * Limit: one component has one type. A schema both sent and answered (reachable from a request and a response)
 * gets its defaulted properties optional in the answer too; a response-only schema keeps them required.
 */
export function requestDefaults(document: Record<string, unknown>): TransformProperty {
  const optional = collectRequestDefaults(document);
  return (property, schema) =>
    property.questionToken === undefined && isRecord(schema) && optional.has(schema)
      ? ts.factory.updatePropertySignature(property, property.modifiers, property.name, QUESTION_TOKEN, property.type)
      : undefined;
}

/** The defaulted, not-required property schemas reachable from requests (see {@link requestDefaults}). */
export function collectRequestDefaults(document: Record<string, unknown>): WeakSet<object> {
  const optional = new WeakSet<object>();
  const seen = new Set<object>();
  const visit = (raw: unknown, inheritedRequired: readonly string[], keysAreNames: boolean): void => {
    const node = keysAreNames ? raw : resolveLocalRef(document, raw);
    if (typeof node !== "object" || node === null || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item, [], false);
      return;
    }
    const record = node as Record<string, unknown>;
    if (keysAreNames) {
      for (const value of Object.values(record)) visit(value, [], false);
      return;
    }
    const required = [...inheritedRequired, ...(Array.isArray(record.required) ? record.required.map(String) : [])];
    if (isRecord(record.properties)) {
      for (const [name, property] of Object.entries(record.properties)) {
        if (isRecord(property) && property.default !== undefined && !required.includes(name)) optional.add(property);
      }
    }
    for (const [key, value] of Object.entries(record)) {
      if (DATA_KEYS.has(key)) continue;
      // an inline allOf member is typed with its parent's `required` added to its own
      // (a `$ref`d member gets the parent's `required` through openapi-typescript's `Required<Pick<…>>`)
      if (key === "allOf" && Array.isArray(value)) {
        for (const item of value) visit(item, isRecord(item) && typeof item.$ref === "string" ? [] : required, false);
      } else visit(value, [], NAME_MAPS.has(key));
    }
  };
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const rawItem of Object.values(paths)) {
    const item = resolveLocalRef(document, rawItem);
    if (!isRecord(item)) continue;
    visit(item.parameters, [], false);
    for (const operation of Object.values(item)) {
      if (isRecord(operation)) {
        visit(operation.requestBody, [], false);
        visit(operation.parameters, [], false);
      }
    }
  }
  return optional;
}
