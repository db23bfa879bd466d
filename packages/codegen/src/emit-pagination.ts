import { propertyKey, stringLiteral } from "./internal/code-text.js";
import type { PaginationMeta } from "./internal/contract-types.js";
import type { PaginationModel } from "./read-pagination.js";

/** `OperationMeta.pagination` as a literal: strings quoted, numbers as written, one nested object (`nextCursor`). */
export function paginationLiteral(meta: PaginationMeta): string {
  const literal = (value: unknown): string => {
    if (typeof value === "string") return stringLiteral(value);
    if (typeof value === "number") return String(value);
    const entries = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${propertyKey(k)}: ${literal(v)}`,
    );
    return `{ ${entries.join(", ")} }`;
  };
  return literal(meta);
}

/**
 * The item type of a paginated operation, as a type over `paths`: its success response's body (openapi-typescript's
 * `responses[status].content[mediaType]`), then each step to the items array, then one element. Each step goes
 * through `NonNullable`, so an optional or nullable field still names its item type.
 */
export function itemsType(path: string, methodKey: string, pagination: PaginationModel): string {
  const { status, mediaType } = pagination.response;
  let type = `NonNullable<paths[${stringLiteral(path)}][${stringLiteral(methodKey)}]>["responses"][${stringLiteral(status)}]["content"][${stringLiteral(mediaType)}]`;
  for (const step of pagination.itemsPath)
    type = `NonNullable<${type}>${step.kind === "element" ? "[number]" : `[${stringLiteral(step.name)}]`}`;
  return type;
}
