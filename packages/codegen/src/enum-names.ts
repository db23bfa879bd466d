import { dedupeNames, pascalCase, safeIdentifier, words } from "./internal/identifiers.js";

/** What naming needs to know of one enum of `components.schemas`. */
export interface EnumToName {
  /** The schema's name (`OrderStatus`), or for an inline enum property the owner's (`Order`). */
  readonly schemaName: string;
  /** The property, for an inline enum property (`status`); `undefined` for a named enum schema. */
  readonly property?: string | undefined;
}

/**
 * Export names of enum consts, in input order, independent of the order of schemas in the document:
 * - a named enum schema keeps its name (PascalCase, made safe): `OrderStatus` is `OrderStatus`. Named schemas
 *   whose names give the same identifier (`order_status`, `OrderStatus`) are told apart in order of schema name;
 * - an inline enum property is named owner + property (`Order.status` → `OrderStatus`) unless that is the name of a
 *   schema of `schemaNames` (any named schema, enum or not) or of a global in `reserved`, then it gets `_2`, `_3`, …
 *   Inline enums are numbered in order of `owner.property`.
 * So a named schema never loses its name to an inline enum, and swapping two schemas in the file changes nothing.
 */
export function enumNames(
  enums: readonly EnumToName[],
  schemaNames: readonly string[],
  reserved: readonly string[],
): string[] {
  const want = (e: EnumToName) =>
    safeIdentifier(
      pascalCase([...words(e.schemaName), ...(e.property === undefined ? [] : words(e.property))]),
      "Enum",
    );
  const byKey = (key: (i: number) => string) => (a: number, b: number) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
  const indexes = [...enums.keys()];
  const named = indexes.filter((i) => enums[i]?.property === undefined).sort(byKey((i) => enums[i]?.schemaName ?? ""));
  const inline = indexes
    .filter((i) => enums[i]?.property !== undefined)
    .sort(byKey((i) => `${enums[i]?.schemaName}\0${enums[i]?.property}`));
  const namedNames = dedupeNames(
    named.map((i) => want(enums[i] as EnumToName)),
    reserved,
    "_",
  );
  const schemaIdentifiers = schemaNames.map((n) => safeIdentifier(pascalCase(words(n)), "Enum"));
  const inlineNames = dedupeNames(
    inline.map((i) => want(enums[i] as EnumToName)),
    [...reserved, ...namedNames, ...schemaIdentifiers],
    "_",
  );
  const result = new Array<string>(enums.length);
  named.forEach((i, k) => {
    result[i] = namedNames[k] as string;
  });
  inline.forEach((i, k) => {
    result[i] = inlineNames[k] as string;
  });
  return result;
}
