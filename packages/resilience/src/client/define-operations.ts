import type { OperationMeta } from "../operation.js";

/** Freezes `value` and every object it holds, depth first; returns it. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return Object.freeze(value);
}

/**
 * The operations table of a generated `operations.gen.ts`: `table` (one `OperationMeta` per client method name)
 * returned frozen all the way down (every nested object and array, whatever fields `OperationMeta` gains), typed as
 * written (`const`: literal method, path and class). One generic call instead of one `Object.freeze` per nested
 * object keeps a consumer's type-check of a 500-operation table cheap.
 */
export function defineOperations<const T extends Readonly<Record<string, OperationMeta>>>(table: T): T {
  return deepFreeze(table);
}
