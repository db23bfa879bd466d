import { typeSchemalessBinaryBodies } from "./binary-request-types.js";
import { addDiscriminatorWireValues } from "./discriminator-values.js";
import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import type { SpecModel } from "./spec-model.js";
import { keepUnionsInAllOf } from "./unions-in-allof.js";
import { widenIndexSignatures } from "./widen-index-signatures.js";

/**
 * A copy of the model's document, changed for openapi-typescript (the model's own document is left as it is):
 * - the idempotency header of every `keyed` operation is optional (`required: false`, on the path item's and the
 *   operation's parameter objects, shared `components.parameters` entries included): the runtime sends it (the
 *   caller's `idempotencyKey`, or a fresh UUID v4), so a caller never has to put it in `params.header`;
 * - a `%` in an operationId is written `％` (U+FF05): openapi-typescript keys `operations` by the raw operationId
 *   but reads it back through a URI-decoded JSON pointer, where a bare `%` throws (URIError) and `%41` turns into
 *   `A`. Only schema.gen.ts's `operations` keys change; the client and operations.gen.ts keep the id;
 * - index signatures of objects with declared properties are widened (see widen-index-signatures.ts);
 * - a discriminated union's members declaring their discriminator value keep it (see discriminator-values.ts);
 * - a discriminated union used as an `allOf` part stays a union there (see unions-in-allof.ts);
 * - a binary request media type without a schema gets `{ type: string, format: binary }` (typed as bytes, see
 *   binary-request-types.ts).
 */
export function documentForTypes(model: SpecModel): Record<string, unknown> {
  const copy = structuredClone(model.document) as Record<string, unknown>;
  const paths = isRecord(copy.paths) ? copy.paths : {};
  for (const op of model.operations) {
    const item = resolveLocalRef(copy, paths[op.path]);
    if (!isRecord(item)) continue;
    const operation = resolveLocalRef(copy, item[op.methodKey]);
    if (!isRecord(operation)) continue;
    if (op.hasOperationId && op.operationId.includes("%"))
      operation.operationId = op.operationId.replaceAll("%", "\uFF05");
    const header = op.class === "keyed" ? op.idempotencyHeader?.toLowerCase() : undefined;
    if (header === undefined) continue;
    for (const holder of [operation.parameters, item.parameters]) {
      if (!Array.isArray(holder)) continue;
      for (const raw of holder) {
        const parameter = resolveLocalRef(copy, raw);
        if (isRecord(parameter) && parameter.in === "header" && String(parameter.name).toLowerCase() === header)
          parameter.required = false;
      }
    }
  }
  widenIndexSignatures(copy);
  typeSchemalessBinaryBodies(copy);
  addDiscriminatorWireValues(copy);
  keepUnionsInAllOf(copy);
  return copy;
}
