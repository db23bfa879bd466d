import type { AnyCallOptions } from "../call-options.js";
import type { OperationMeta } from "../operation.js";

/** A generated method at run time: `(init?, callOptions?) => Promise<result>`. */
export type BoundOperation = (init?: object, callOptions?: AnyCallOptions) => Promise<unknown>;

/**
 * One method per entry of `operations` (keyed by method name, in table order), made once by `bind` from the
 * entry's metadata. Own enumerable data properties, so the methods spread and destructure like the object literal
 * a generator would write.
 */
export function bindOperations(
  operations: Readonly<Record<string, OperationMeta>>,
  bind: (meta: OperationMeta) => BoundOperation,
): Record<string, BoundOperation> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, meta]): [string, BoundOperation] => [name, bind(meta)]),
  );
}
