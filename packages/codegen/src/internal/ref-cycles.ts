import { getByPointer, isRecord, toPointer } from "./json-pointer.js";

/** Keywords whose members a schema *is* (not contains): a cycle through only these and `$ref` has no definition. */
const COMPOSITIONS = ["allOf", "oneOf", "anyOf"] as const;

/**
 * Finds a schema that is defined only in terms of itself: a chain of local `$ref`s and `allOf`/`oneOf`/`anyOf`
 * members that comes back to where it started (`A: {$ref: B}`, `B: {$ref: A}`; `D: {allOf: [{$ref: D}]}`).
 * No tool can resolve it (Redocly loops, TypeScript reports TS2502). A schema that refers to itself through
 * `properties`, `items` or `additionalProperties` is fine: that is an ordinary recursive type.
 * Each object is visited once (YAML aliases may share objects), so the walk is linear in the document's size.
 * @returns the JSON pointers along the cycle, the first repeated at the end, or `undefined`.
 */
export function findRefCycle(document: Record<string, unknown>): string[] | undefined {
  const done = new Set<object>();
  const all = new Set<object>();
  const stack: [unknown, string][] = [[document, ""]];
  while (stack.length > 0) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (typeof node !== "object" || node === null || all.has(node)) continue;
    all.add(node);
    if (isRecord(node) && isDirect(node)) {
      const cycle = walkDirect(document, node, pointer, done, []);
      if (cycle !== undefined) return cycle;
    }
    for (const [key, value] of Object.entries(node))
      if (typeof value === "object" && value !== null) stack.push([value, `${pointer}${toPointer([key])}`]);
  }
  return undefined;
}

function isDirect(node: Record<string, unknown>): boolean {
  return typeof node.$ref === "string" || COMPOSITIONS.some((k) => Array.isArray(node[k]));
}

/** Depth-first along direct edges; `path` holds the nodes and pointers on the current chain. */
function walkDirect(
  document: Record<string, unknown>,
  node: Record<string, unknown>,
  pointer: string,
  done: Set<object>,
  path: [object, string][],
): string[] | undefined {
  const onPath = path.findIndex(([n]) => n === node);
  if (onPath >= 0) return [...path.slice(onPath).map(([, p]) => p), pointer];
  if (done.has(node) || path.length > 256) return undefined;
  path.push([node, pointer]);
  const next: [unknown, string][] = [];
  if (typeof node.$ref === "string" && node.$ref.startsWith("#")) {
    const target = node.$ref.slice(1);
    next.push([getByPointer(document, target), target]);
  }
  for (const k of COMPOSITIONS) {
    const members = node[k];
    if (Array.isArray(members)) {
      for (const [i, m] of members.entries()) next.push([m, `${pointer}/${k}/${i}`]);
    }
  }
  for (const [child, at] of next) {
    if (!isRecord(child)) continue;
    const cycle = walkDirect(document, child, at, done, path);
    if (cycle !== undefined) return cycle;
  }
  path.pop();
  done.add(node);
  return undefined;
}
