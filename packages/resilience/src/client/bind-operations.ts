import type { AnyCallOptions } from "../call-options.js";
import type { OperationMeta } from "../operation.js";

/** Runs one logical call of an operation: its metadata, openapi-fetch's init and the caller's call options. */
export type InvokeOperation = (
  meta: OperationMeta,
  init: object | undefined,
  callOptions: AnyCallOptions | undefined,
) => Promise<unknown>;

/** A generated method at run time: `(init?, callOptions?) => Promise<result>`. */
export type BoundOperation = (init?: object, callOptions?: AnyCallOptions) => Promise<unknown>;

/**
 * One method per entry of `operations` (keyed by method name, in table order), each a closure over its metadata that
 * calls `invoke`. Own enumerable data properties, so the methods spread and destructure like the object literal a
 * generator would write.
 */
export function bindOperations(
  operations: Readonly<Record<string, OperationMeta>>,
  invoke: InvokeOperation,
): Record<string, BoundOperation> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, meta]): [string, BoundOperation] => [
      name,
      (init, callOptions) => invoke(meta, init, callOptions),
    ]),
  );
}
