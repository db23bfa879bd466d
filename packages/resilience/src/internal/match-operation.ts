import type { HttpMethod, OperationMeta } from "../operation.js";

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

interface CompiledTemplate {
  readonly operation: OperationMeta;
  readonly segments: readonly (string | null)[];
  readonly literals: number;
}

function splitPath(path: string): string[] {
  return path.split("/").filter((segment) => segment !== "");
}

/**
 * Finds the operation a path-based request belongs to: same method, and the path template matches the last
 * segments of the URL path (the base URL may carry a prefix such as `/v1`). The most specific template wins
 * (most literal segments, then longest). Unmatched requests get a synthetic operation classed by method
 * (RFC 9110 §9.2.2): idempotent methods are `idempotent`, others `unsafe`.
 */
export function createOperationMatcher(
  operations: readonly OperationMeta[],
): (method: string, url: URL) => OperationMeta {
  const byMethod = new Map<string, CompiledTemplate[]>();
  for (const operation of operations) {
    const segments = splitPath(operation.path).map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment));
    const compiled = { operation, segments, literals: segments.filter((s) => s !== null).length };
    const list = byMethod.get(operation.method) ?? [];
    list.push(compiled);
    byMethod.set(operation.method, list);
  }
  for (const list of byMethod.values())
    list.sort((a, b) => b.literals - a.literals || b.segments.length - a.segments.length);
  return (method, url) => {
    const upper = method.toUpperCase();
    const actual = splitPath(url.pathname).map((segment) => decodeURIComponent(segment));
    const found = byMethod.get(upper)?.find(({ segments }) => matchesTail(segments, actual));
    if (found !== undefined) return found.operation;
    return {
      operationId: `${upper} ${url.pathname}`,
      method: upper as HttpMethod,
      path: url.pathname,
      class: IDEMPOTENT_METHODS.has(upper) ? "idempotent" : "unsafe",
    };
  };
}

function matchesTail(template: readonly (string | null)[], actual: readonly string[]): boolean {
  if (template.length > actual.length) return false;
  const offset = actual.length - template.length;
  return template.every((segment, index) =>
    segment === null ? actual[offset + index] !== "" : segment === actual[offset + index],
  );
}
