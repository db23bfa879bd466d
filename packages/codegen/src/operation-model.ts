import type { HttpMethod, OperationClass, RetryPolicy, TimeoutPolicy } from "./internal/contract-types.js";
import type { QueryStyleModel } from "./query-styles.js";
import type { PathItemMethod } from "./walk-operations.js";

/** Everything emitted about one operation, after classify and enforce. */
export interface OperationModel {
  /** The spec's operationId, or `METHOD /path` when it has none. */
  readonly operationId: string;
  /** Whether the spec gave the operationId. */
  readonly hasOperationId: boolean;
  /** Client method name (see name-operations.ts). */
  readonly methodName: string;
  /** Upper-case method. */
  readonly method: HttpMethod;
  /** Lower-case method key, as `paths[path][key]` in schema.gen.ts. */
  readonly methodKey: PathItemMethod;
  /** Path template as the spec writes it. */
  readonly path: string;
  readonly class: OperationClass;
  /** Present exactly when `class` is `keyed`. */
  readonly idempotencyHeader: string | undefined;
  /** Why the class, in a phrase. */
  readonly reason: string;
  readonly retry: RetryPolicy | undefined;
  readonly timeout: TimeoutPolicy | undefined;
  /** Query parameters with their effective `style`/`explode`/`allowReserved`, in spec order (may be empty). */
  readonly query: readonly QueryStyleModel[];
  readonly summary: string | undefined;
  readonly description: string | undefined;
  readonly deprecated: boolean;
}

/** Counts of operations per class. */
export interface ClassCounts {
  readonly total: number;
  readonly idempotent: number;
  readonly keyed: number;
  readonly unsafe: number;
}

/** Counts operations per class. */
export function countClasses(operations: readonly OperationModel[]): ClassCounts {
  const of = (c: OperationClass) => operations.filter((o) => o.class === c).length;
  return { total: operations.length, idempotent: of("idempotent"), keyed: of("keyed"), unsafe: of("unsafe") };
}
