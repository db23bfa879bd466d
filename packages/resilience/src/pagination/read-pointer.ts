/**
 * The value at JSON pointer `pointer` (RFC 6901: `""` is `value` itself, `/a/0` the first element of `a`, `~1`
 * and `~0` stand for `/` and `~`) in a parsed JSON body; undefined when any step is missing.
 */
export function readPointer(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  let current = value;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, token)) return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}
