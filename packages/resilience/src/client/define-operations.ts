import type { OperationMeta } from "../operation.js";

/**
 * The operations table of a generated `operations.gen.ts`: `table` (one `OperationMeta` per client method name)
 * returned deeply frozen (each operation, its `retry`, `retry.on`, `timeout`, `query` and query entries), typed as
 * written (`const`: literal method, path and class). One generic call instead of one `Object.freeze` per nested
 * object keeps a consumer's type-check of a 500-operation table cheap.
 */
export function defineOperations<const T extends Readonly<Record<string, OperationMeta>>>(table: T): T {
  for (const meta of Object.values(table)) {
    if (meta.retry?.on !== undefined) Object.freeze(meta.retry.on);
    if (meta.retry !== undefined) Object.freeze(meta.retry);
    if (meta.timeout !== undefined) Object.freeze(meta.timeout);
    if (meta.query !== undefined) {
      for (const style of Object.values(meta.query)) Object.freeze(style);
      Object.freeze(meta.query);
    }
    Object.freeze(meta);
  }
  return Object.freeze(table);
}
