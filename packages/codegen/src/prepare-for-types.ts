import { resolveLocalRef } from "./internal/json-pointer.js";
import type { OperationModel } from "./operation-model.js";
import { walkOperations } from "./walk-operations.js";

/**
 * Makes the idempotency header of every `keyed` operation optional in the emitted types: the runtime sends it
 * (the caller's `idempotencyKey`, or a fresh UUID v4), so a caller never has to put it in `params.header`.
 * Mutates the parameter objects (shared `components.parameters` entries included).
 */
export function prepareForTypes(document: Record<string, unknown>, operations: readonly OperationModel[]): void {
  const keyed = new Map(
    operations
      .filter((o) => o.class === "keyed")
      .map((o) => [`${o.methodKey} ${o.path}`, o.idempotencyHeader?.toLowerCase()]),
  );
  for (const walked of walkOperations(document)) {
    // openapi-typescript keys `operations` by the raw operationId but reads it back through a URI-decoded JSON
    // pointer: a bare `%` throws (URIError) and `%41` turns into `A`, so the two never match. A `%` is written
    // as `％` (U+FF05) in schema.gen.ts's `operations` keys only; the client and operations.gen.ts keep the id.
    if (typeof walked.operation.operationId === "string")
      walked.operation.operationId = walked.operation.operationId.replaceAll("%", "\uFF05");
    const header = keyed.get(`${walked.method} ${walked.path}`);
    if (header === undefined) continue;
    for (const holder of [
      walked.operation.parameters,
      (resolveLocalRef(document, (document.paths as Record<string, unknown>)[walked.path]) as Record<string, unknown>)
        .parameters,
    ]) {
      if (!Array.isArray(holder)) continue;
      for (const raw of holder) {
        const parameter = resolveLocalRef(document, raw) as Record<string, unknown> | undefined;
        if (parameter?.in === "header" && typeof parameter.name === "string" && parameter.name.toLowerCase() === header)
          parameter.required = false;
      }
    }
  }
}
