import type { AnalyzedSpec } from "../analyze-spec.js";
import type { OperationClass } from "../internal/contract-types.js";
import { isRecord, resolveLocalRef, toPointer } from "../internal/json-pointer.js";
import type { OperationModel } from "../operation-model.js";
import type { BreakingChange } from "./breaking-change.js";
import { diffRequestSchema, diffResponseSchema, type SchemaDiffContext } from "./diff-schemas.js";

/** How safe each class is to send again; a lower rank in the new spec is a breaking change. */
const SAFETY: Readonly<Record<OperationClass, number>> = { idempotent: 2, keyed: 1, unsafe: 0 };

/**
 * Breaking changes from `before` to `after` (issue 6): operations removed; a class that got less safe
 * (`idempotent` → `keyed`/`unsafe`, `keyed` → `unsafe`) or an idempotency header that changed; parameters and
 * request fields that became required; request types narrowed and enums shrunk; response fields removed.
 * Operations are matched by method and path template. Sorted by operation, then pointer.
 */
export function diffSpecs(before: AnalyzedSpec, after: AnalyzedSpec): BreakingChange[] {
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
    diffBodies(before.document, after.document, old, ctx);
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

interface LocatedParameter {
  readonly parameter: Record<string, unknown>;
  readonly pointer: string;
}

/** Parameters of an operation (path item level first, operation level overriding) with their JSON pointers. */
function parametersOf(document: Record<string, unknown>, op: OperationModel): Map<string, LocatedParameter> {
  const result = new Map<string, LocatedParameter>();
  const item = resolveLocalRef(document, (document.paths as Record<string, unknown>)[op.path]);
  const operation = isRecord(item) ? resolveLocalRef(document, item[op.methodKey]) : undefined;
  const levels: [unknown, (string | number)[]][] = [
    [isRecord(item) ? item.parameters : undefined, ["paths", op.path, "parameters"]],
    [isRecord(operation) ? operation.parameters : undefined, ["paths", op.path, op.methodKey, "parameters"]],
  ];
  for (const [list, base] of levels) {
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      const parameter = resolveLocalRef(document, raw);
      if (isRecord(parameter))
        result.set(`${String(parameter.in)} ${String(parameter.name)}`, {
          parameter,
          pointer: toPointer([...base, i]),
        });
    });
  }
  return result;
}

function diffParameters(
  oldDoc: Record<string, unknown>,
  newDoc: Record<string, unknown>,
  old: OperationModel,
  now: OperationModel,
  ctx: SchemaDiffContext,
): void {
  const before = parametersOf(oldDoc, old);
  for (const [key, { parameter, pointer }] of parametersOf(newDoc, now)) {
    const previous = before.get(key);
    // The runtime sends the idempotency header itself; its `required` is not the caller's concern.
    const isKeyHeader =
      parameter.in === "header" && String(parameter.name).toLowerCase() === now.idempotencyHeader?.toLowerCase();
    if (parameter.required === true && previous?.parameter.required !== true && !isKeyHeader) {
      ctx.changes.push({
        kind: "parameter-required",
        operation: ctx.operation,
        pointer,
        detail: `${String(parameter.in)} parameter \`${String(parameter.name)}\` ${previous ? "became required" : "was added as required"}`,
      });
    }
    if (previous) {
      diffRequestSchema(
        { document: oldDoc, schema: previous.parameter.schema, pointer: `${previous.pointer}/schema` },
        { document: newDoc, schema: parameter.schema, pointer: `${pointer}/schema` },
        ctx,
      );
    }
  }
}

function diffBodies(
  oldDoc: Record<string, unknown>,
  newDoc: Record<string, unknown>,
  op: OperationModel,
  ctx: SchemaDiffContext,
): void {
  const base = ["paths", op.path, op.methodKey];
  const oldOp = operationObject(oldDoc, op);
  const newOp = operationObject(newDoc, op);
  const oldBody = resolveLocalRef(oldDoc, oldOp?.requestBody);
  const newBody = resolveLocalRef(newDoc, newOp?.requestBody);
  if (isRecord(newBody) && newBody.required === true && !(isRecord(oldBody) && oldBody.required === true)) {
    ctx.changes.push({
      kind: "request-field-required",
      operation: ctx.operation,
      pointer: toPointer([...base, "requestBody", "required"]),
      detail: "the request body became required",
    });
  }
  for (const [media, oldSchema] of mediaSchemas(oldBody)) {
    const newSchema = mediaSchemas(newBody).get(media);
    if (newSchema !== undefined) {
      const at = (d: Record<string, unknown>, s: unknown) => ({
        document: d,
        schema: s,
        pointer: toPointer([...base, "requestBody", "content", media, "schema"]),
      });
      diffRequestSchema(at(oldDoc, oldSchema), at(newDoc, newSchema), ctx);
    }
  }
  const oldResponses = isRecord(oldOp?.responses) ? oldOp.responses : {};
  const newResponses = isRecord(newOp?.responses) ? newOp.responses : {};
  for (const [status, oldResponse] of Object.entries(oldResponses)) {
    if (!/^2/.test(status)) continue;
    const newSchemas = mediaSchemas(resolveLocalRef(newDoc, newResponses[status]));
    for (const [media, oldSchema] of mediaSchemas(resolveLocalRef(oldDoc, oldResponse))) {
      const newSchema = newSchemas.get(media);
      if (newSchema === undefined) continue;
      const pointer = toPointer([...base, "responses", status, "content", media, "schema"]);
      diffResponseSchema(
        { document: oldDoc, schema: oldSchema, pointer },
        { document: newDoc, schema: newSchema, pointer },
        ctx,
      );
    }
  }
}

function operationObject(document: Record<string, unknown>, op: OperationModel): Record<string, unknown> | undefined {
  const item = resolveLocalRef(document, (document.paths as Record<string, unknown>)[op.path]);
  const operation = isRecord(item) ? resolveLocalRef(document, item[op.methodKey]) : undefined;
  return isRecord(operation) ? operation : undefined;
}

function mediaSchemas(holder: unknown): Map<string, unknown> {
  const content = isRecord(holder) && isRecord(holder.content) ? holder.content : {};
  return new Map(
    Object.entries(content).flatMap(([media, value]) =>
      isRecord(value) && value.schema !== undefined ? [[media, value.schema] as const] : [],
    ),
  );
}
