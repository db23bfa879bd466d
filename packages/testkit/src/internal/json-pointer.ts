/** True for a plain object (not an array, not null, not bytes). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Escapes one reference token of a JSON pointer (RFC 6901 §3). */
export function escapeToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The value at a local JSON pointer such as `#/components/schemas/Charge`, or undefined. */
export function getByPointer(document: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#")) return undefined;
  let node = document;
  for (const raw of pointer.slice(1).split("/").slice(1)) {
    const token = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/**
 * Follows `$ref` chains from `pointer` inside a bundled document.
 * @returns the target object and its own pointer (so schemas below it can be addressed), or undefined.
 */
export function resolveRef(
  document: unknown,
  pointer: string,
): { node: Record<string, unknown>; pointer: string } | undefined {
  let current = pointer;
  for (let hops = 0; hops < 32; hops++) {
    const node = getByPointer(document, current);
    if (!isRecord(node)) return undefined;
    const ref = node.$ref;
    if (typeof ref !== "string" || !ref.startsWith("#")) return { node, pointer: current };
    current = ref;
  }
  return undefined;
}
