import { isRecord, resolveLocalRef } from "../internal/json-pointer.js";
import type { BreakingChange } from "./breaking-change.js";

/** One side of a comparison: its document and the schema's JSON pointer in it. */
interface Side {
  readonly document: Record<string, unknown>;
  readonly schema: unknown;
  readonly pointer: string;
}

/** The flattened view of an object schema: `allOf` members merged, `$ref`s followed. */
interface SchemaView {
  readonly pointer: string;
  readonly types: ReadonlySet<string>;
  readonly enumValues: readonly unknown[] | undefined;
  readonly properties: ReadonlyMap<string, Side>;
  readonly required: ReadonlySet<string>;
  readonly items: Side | undefined;
}

/** What the comparison reports into, and which pairs it has compared (recursive schemas end there). */
export interface SchemaDiffContext {
  readonly operation: string;
  readonly changes: BreakingChange[];
  readonly seen: Set<string>;
}

/**
 * Breaking changes for a schema the client sends (request body, parameter): a property that became required,
 * a type narrowed (a type dropped, or `number` → `integer`, or an enum where there was none), enum values removed.
 */
export function diffRequestSchema(before: Side, after: Side, ctx: SchemaDiffContext): void {
  const o = view(before);
  const n = view(after);
  if (!firstVisit(ctx, "request", o, n)) return;
  const dropped = [...o.types].filter((t) => !n.types.has(t) && !(t === "integer" && n.types.has("number")));
  if ((o.types.size === 0 && n.types.size > 0) || dropped.length > 0) {
    ctx.changes.push({
      kind: "type-narrowed",
      operation: ctx.operation,
      pointer: n.pointer,
      detail: `type ${describeTypes(o.types)} became ${describeTypes(n.types)}`,
    });
  }
  if (n.enumValues !== undefined) {
    const removed =
      o.enumValues === undefined ? undefined : o.enumValues.filter((v) => !n.enumValues?.some((w) => w === v));
    if (removed === undefined)
      ctx.changes.push({
        kind: "type-narrowed",
        operation: ctx.operation,
        pointer: n.pointer,
        detail: `now restricted to ${JSON.stringify(n.enumValues)}`,
      });
    else if (removed.length > 0)
      ctx.changes.push({
        kind: "enum-shrunk",
        operation: ctx.operation,
        pointer: n.pointer,
        detail: `enum lost ${removed.map((v) => JSON.stringify(v)).join(", ")}`,
      });
  }
  for (const name of n.required) {
    if (!o.required.has(name)) {
      ctx.changes.push({
        kind: "request-field-required",
        operation: ctx.operation,
        pointer: n.properties.get(name)?.pointer ?? `${n.pointer}/required`,
        detail: `request field \`${name}\` became required`,
      });
    }
  }
  for (const [name, side] of o.properties) {
    const next = n.properties.get(name);
    if (next) diffRequestSchema(side, next, ctx);
  }
  if (o.items && n.items) diffRequestSchema(o.items, n.items, ctx);
}

/** Breaking changes for a schema the client reads (a response body): a property removed. */
export function diffResponseSchema(before: Side, after: Side, ctx: SchemaDiffContext): void {
  const o = view(before);
  const n = view(after);
  if (!firstVisit(ctx, "response", o, n)) return;
  for (const [name, side] of o.properties) {
    const next = n.properties.get(name);
    if (next === undefined) {
      ctx.changes.push({
        kind: "response-field-removed",
        operation: ctx.operation,
        pointer: side.pointer,
        detail: `response field \`${name}\` was removed`,
      });
    } else {
      diffResponseSchema(side, next, ctx);
    }
  }
  if (o.items && n.items) diffResponseSchema(o.items, n.items, ctx);
}

function firstVisit(ctx: SchemaDiffContext, mode: string, o: SchemaView, n: SchemaView): boolean {
  const key = `${mode} ${o.pointer} ${n.pointer}`;
  if (ctx.seen.has(key)) return false;
  ctx.seen.add(key);
  return true;
}

function describeTypes(types: ReadonlySet<string>): string {
  return types.size === 0 ? "any" : [...types].sort().join(" | ");
}

/** Follows `$ref`s and merges `allOf` into one view of the schema. */
function view(side: Side): SchemaView {
  let pointer = side.pointer;
  let schema = side.schema;
  for (
    let hops = 0;
    hops < 32 && isRecord(schema) && typeof schema.$ref === "string" && schema.$ref.startsWith("#");
    hops++
  ) {
    pointer = schema.$ref.slice(1);
    schema = resolveLocalRef(side.document, { $ref: schema.$ref });
  }
  const record = isRecord(schema) ? schema : {};
  const types = new Set<string>(
    Array.isArray(record.type) ? record.type.map(String) : typeof record.type === "string" ? [record.type] : [],
  );
  if (record.nullable === true && types.size > 0) types.add("null");
  const properties = new Map<string, Side>();
  const required = new Set<string>(Array.isArray(record.required) ? record.required.map(String) : []);
  for (const [name, value] of Object.entries(isRecord(record.properties) ? record.properties : {})) {
    properties.set(name, {
      document: side.document,
      schema: value,
      pointer: `${pointer}/properties/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`,
    });
  }
  if (Array.isArray(record.allOf)) {
    record.allOf.forEach((member, i) => {
      const part = view({ document: side.document, schema: member, pointer: `${pointer}/allOf/${i}` });
      for (const [name, value] of part.properties) if (!properties.has(name)) properties.set(name, value);
      for (const name of part.required) required.add(name);
      for (const type of part.types) types.add(type);
    });
  }
  const items =
    record.items === undefined
      ? undefined
      : { document: side.document, schema: record.items, pointer: `${pointer}/items` };
  return {
    pointer,
    types,
    enumValues: Array.isArray(record.enum) ? record.enum.filter((v) => v !== null) : undefined,
    properties,
    required,
    items,
  };
}
