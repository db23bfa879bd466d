/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** True for a non-null, non-array object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unescapePointer(token: string): string {
  return decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The node at a local JSON pointer (`#/components/schemas/X`) of `document`, or undefined. */
export function atPointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = document;
  for (const token of ref.slice(1).split("/").slice(1)) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[unescapePointer(token)];
  }
  return node;
}

/**
 * Follows local `$ref`s (the bundled document keeps only internal ones) until a node without `$ref`;
 * undefined for a broken or cyclic chain.
 */
export function deref(document: unknown, node: unknown): unknown {
  const seen = new Set<string>();
  let current = node;
  while (isObject(current) && typeof current.$ref === "string") {
    if (seen.has(current.$ref)) return undefined;
    seen.add(current.$ref);
    current = atPointer(document, current.$ref);
  }
  return current;
}
