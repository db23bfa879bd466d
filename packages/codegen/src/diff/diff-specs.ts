import type { OperationClass } from "../internal/contract-types.js";
import { getByPointer, toPointer } from "../internal/json-pointer.js";
import type { MediaTypeModel, OperationModel, ParameterModel } from "../operation-model.js";
import type { SpecModel } from "../spec-model.js";
import type { BreakingChange } from "./breaking-change.js";
import { diffRequestSchema, diffResponseSchema, type SchemaDiffContext } from "./diff-schemas.js";

/** How safe each class is to send again; a lower rank in the new spec is a breaking change. */
const SAFETY: Readonly<Record<OperationClass, number>> = { idempotent: 2, keyed: 1, unsafe: 0 };

/**
 * Breaking changes from `before` to `after`: operations removed; a class that got less safe
 * (`idempotent` → `keyed`/`unsafe`, `keyed` → `unsafe`) or an idempotency header that changed; parameters and
 * request fields that became required; request types narrowed and enums shrunk; response fields removed.
 * Operations are matched by method and path template. Sorted by operation, then pointer.
 */
export function diffSpecs(before: SpecModel, after: SpecModel): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const next = new Map(after.operations.map((o) => [`${o.method} ${o.path}`, o]));
  for (const old of before.operations) {
    const operation = `${old.method} ${old.path}`;
    const now = next.get(operation);
    if (now === undefined) {
      changes.push({
        kind: "operation-removed",
        operation,
        pointer: toPointer(["paths", old.path, old.methodKey]),
        detail: `operation \`${old.operationId}\` was removed`,
      });
      continue;
    }
    changes.push(...classChanges(old, now, operation));
    const ctx: SchemaDiffContext = { operation, changes, seen: new Set() };
    diffParameters(before.document, after.document, old, now, ctx);
    diffBodies(before.document, after.document, old, now, ctx);
  }
  return changes.sort(
    (a, b) =>
      a.operation.localeCompare(b.operation) || a.pointer.localeCompare(b.pointer) || a.kind.localeCompare(b.kind),
  );
}

function classChanges(old: OperationModel, now: OperationModel, operation: string): BreakingChange[] {
  const pointer = toPointer(["paths", now.path, now.methodKey]);
  if (SAFETY[now.class] < SAFETY[old.class]) {
    return [
      { kind: "class-less-safe", operation, pointer, detail: `class ${old.class} became ${now.class}: ${now.reason}` },
    ];
  }
  if (
    old.class === "keyed" &&
    now.class === "keyed" &&
    old.idempotencyHeader?.toLowerCase() !== now.idempotencyHeader?.toLowerCase()
  ) {
    return [
      {
        kind: "idempotency-header-changed",
        operation,
        pointer,
        detail: `idempotency header ${old.idempotencyHeader} became ${now.idempotencyHeader}`,
      },
    ];
  }
  return [];
}

/** Parameters of an operation by `in` and name. */
function parametersOf(op: OperationModel): Map<string, ParameterModel> {
  return new Map(op.parameters.map((p) => [`${p.in} ${p.name}`, p]));
}

/** The schema a pointer of the model names (`undefined` when there is none). */
function schemaAt(document: Readonly<Record<string, unknown>>, pointer: string | undefined): unknown {
  return pointer === undefined ? undefined : getByPointer(document, pointer);
}

function diffParameters(
  oldDoc: Readonly<Record<string, unknown>>,
  newDoc: Readonly<Record<string, unknown>>,
  old: OperationModel,
  now: OperationModel,
  ctx: SchemaDiffContext,
): void {
  const before = parametersOf(old);
  for (const [key, parameter] of parametersOf(now)) {
    const previous = before.get(key);
    // The runtime sends the idempotency header itself; its `required` is not the caller's concern.
    const isKeyHeader =
      parameter.in === "header" && parameter.name.toLowerCase() === now.idempotencyHeader?.toLowerCase();
    if (parameter.required && previous?.required !== true && !isKeyHeader) {
      ctx.changes.push({
        kind: "parameter-required",
        operation: ctx.operation,
        pointer: parameter.pointer,
        detail: `${parameter.in} parameter \`${parameter.name}\` ${previous ? "became required" : "was added as required"}`,
      });
    }
    if (previous) {
      diffRequestSchema(
        {
          document: oldDoc,
          schema: schemaAt(oldDoc, previous.serialization.schemaPointer),
          pointer: `${previous.pointer}/schema`,
        },
        {
          document: newDoc,
          schema: schemaAt(newDoc, parameter.serialization.schemaPointer),
          pointer: `${parameter.pointer}/schema`,
        },
        ctx,
      );
    }
  }
}

function diffBodies(
  oldDoc: Readonly<Record<string, unknown>>,
  newDoc: Readonly<Record<string, unknown>>,
  old: OperationModel,
  now: OperationModel,
  ctx: SchemaDiffContext,
): void {
  const base = ["paths", old.path, old.methodKey];
  if (now.requestBody?.required === true && old.requestBody?.required !== true) {
    ctx.changes.push({
      kind: "request-field-required",
      operation: ctx.operation,
      pointer: toPointer([...base, "requestBody", "required"]),
      detail: "the request body became required",
    });
  }
  const newRequest = mediaSchemas(now.requestBody?.content ?? []);
  for (const [media, oldSchema] of mediaSchemas(old.requestBody?.content ?? [])) {
    const newSchema = newRequest.get(media);
    if (newSchema !== undefined) {
      const at = (d: Readonly<Record<string, unknown>>, s: string) => ({
        document: d,
        schema: schemaAt(d, s),
        pointer: toPointer([...base, "requestBody", "content", media, "schema"]),
      });
      diffRequestSchema(at(oldDoc, oldSchema), at(newDoc, newSchema), ctx);
    }
  }
  for (const oldResponse of old.responses) {
    if (!/^2/.test(oldResponse.status)) continue;
    const newSchemas = mediaSchemas(now.responses.find((r) => r.status === oldResponse.status)?.content ?? []);
    for (const [media, oldSchema] of mediaSchemas(oldResponse.content)) {
      const newSchema = newSchemas.get(media);
      if (newSchema === undefined) continue;
      const pointer = toPointer([...base, "responses", oldResponse.status, "content", media, "schema"]);
      diffResponseSchema(
        { document: oldDoc, schema: schemaAt(oldDoc, oldSchema), pointer },
        { document: newDoc, schema: schemaAt(newDoc, newSchema), pointer },
        ctx,
      );
    }
  }
}

/** Schema pointers by media type, for the media types that have a schema. */
function mediaSchemas(content: readonly MediaTypeModel[]): Map<string, string> {
  return new Map(
    content.flatMap((m) => (m.schemaPointer === undefined ? [] : [[m.mediaType, m.schemaPointer] as const])),
  );
}
