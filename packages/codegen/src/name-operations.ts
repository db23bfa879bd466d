import { camelCase, dedupeNames, identifierWords, safeIdentifier } from "./internal/identifiers.js";

/** Client members that are not operations; an operation named like one gets a suffix. */
export const CLIENT_MEMBERS = ["raw", "downstream"] as const;

/** What naming needs to know of an operation. */
export interface NamingInput {
  /** The spec's operationId, when it has one. */
  readonly operationId?: string | undefined;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template. */
  readonly path: string;
}

/**
 * The method name an operation would get on its own: camelCase of its operationId's words, in any script
 * (`items.list` → `itemsList`, `secondary-dns-(-primary-zone)-create-config` → `secondaryDnsPrimaryZoneCreateConfig`,
 * `получитьПользователя` stays, `café_ñandú` → `caféÑandú`; see {@link identifierWords}),
 * or of `method + path` when there is none or it has no letters or digits (`GET /user/{id}` → `getUserById`),
 * then made safe by {@link safeIdentifier}.
 */
export function methodNameCandidate(input: NamingInput): string {
  const id = input.operationId;
  const fromId = id === undefined || !/[\p{L}\p{N}]/u.test(id.replace(/\{[^}]*\}/g, "")) ? [] : identifierWords(id);
  const parts = fromId.length > 0 ? fromId : identifierWords(`${input.method.toLowerCase()} ${input.path}`);
  const name = safeIdentifier(camelCase(parts), input.method.toLowerCase());
  return (CLIENT_MEMBERS as readonly string[]).includes(name) ? `${name}_` : name;
}

/**
 * Method names for all operations, in input (document) order: distinct, valid, deterministic. Two operations
 * whose ids differ only in punctuation or case (`get_item`, `get-item`) both want `getItem`: the first in document
 * order keeps it, the next become `getItem2`, `getItem3`, … (see {@link dedupeNames}).
 */
export function nameOperations(inputs: readonly NamingInput[]): string[] {
  return dedupeNames(inputs.map(methodNameCandidate), CLIENT_MEMBERS);
}
