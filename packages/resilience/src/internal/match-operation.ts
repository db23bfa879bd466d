import type { HttpMethod, OperationMeta } from "../operation.js";

const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

/** A template segment: a literal, or a pattern for a segment holding `{param}`s (each non-empty). */
type Segment = string | RegExp;

interface CompiledTemplate {
  readonly operation: OperationMeta;
  readonly segments: readonly Segment[];
  readonly literals: number;
}

/** Segments after the leading `/`; empty ones are kept, so `/a/` has a trailing empty segment. */
function splitPath(path: string): string[] {
  return (path.startsWith("/") ? path.slice(1) : path).split("/");
}

const PARAM = /\{[^{}]+\}/g;

/** Template segments: literals as strings; `{id}`, `{name}.json`, `{owner}:{repo}` as anchored patterns. */
function compileSegments(path: string): Segment[] {
  return splitPath(path).map((segment) => {
    if (!/\{[^{}]+\}/.test(segment)) return decodeSegment(segment);
    const literals = segment.split(PARAM).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    return new RegExp(`^${literals.join(".+")}$`, "s");
  });
}

/** `decodeURIComponent` that leaves a malformed escape as it is instead of throwing. */
function decodeSegment(segment: string): string {
  if (!segment.includes("%")) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function actualSegments(url: URL): string[] {
  return splitPath(url.pathname).map(decodeSegment);
}

/**
 * Whether `url`'s path ends with `template`: same literal segments, a non-empty segment for each parameter (the
 * base URL may add a prefix such as `/v1`).
 */
export function matchesTemplate(template: string, url: URL): boolean {
  const segments = compiledSegments(template);
  const actual = splitPath(url.pathname);
  const offset = actual.length - segments.length;
  if (offset < 0) return false;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    const value = decodeSegment(actual[offset + index] ?? "");
    if (typeof segment === "string" ? segment !== value : segment?.test(value) !== true) return false;
  }
  return true;
}

/** Compiled templates by template string; bounded, since a synthetic operation's path comes from the request. */
const compiledTemplates = new Map<string, readonly Segment[]>();
const MAX_COMPILED = 1_000;

function compiledSegments(template: string): readonly Segment[] {
  let segments = compiledTemplates.get(template);
  if (segments === undefined) {
    segments = compileSegments(template);
    if (compiledTemplates.size >= MAX_COMPILED) compiledTemplates.clear();
    compiledTemplates.set(template, segments);
  }
  return segments;
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
    const segments = compileSegments(operation.path);
    const compiled = { operation, segments, literals: segments.filter((s) => typeof s === "string").length };
    const list = byMethod.get(operation.method) ?? [];
    list.push(compiled);
    byMethod.set(operation.method, list);
  }
  for (const list of byMethod.values())
    list.sort((a, b) => b.literals - a.literals || b.segments.length - a.segments.length);
  return (method, url) => {
    const upper = method.toUpperCase();
    const actual = actualSegments(url);
    const found = byMethod.get(upper)?.find(({ segments }) => matchesTail(segments, actual));
    return found?.operation ?? operationByMethod(upper, url.pathname);
  };
}

/**
 * The synthetic operation of a request that matches no generated one, classed by its method (RFC 9110 §9.2.2):
 * idempotent methods are `idempotent`, others `unsafe` (never retried once a byte was sent, no Idempotency-Key).
 * `operationId` is `"{METHOD} {path}"`.
 */
export function operationByMethod(method: string, path: string): OperationMeta {
  const upper = method.toUpperCase();
  return {
    operationId: `${upper} ${path}`,
    method: upper as HttpMethod,
    path,
    class: IDEMPOTENT_METHODS.has(upper) ? "idempotent" : "unsafe",
  };
}

function matchesTail(template: readonly Segment[], actual: readonly string[]): boolean {
  if (template.length > actual.length) return false;
  const offset = actual.length - template.length;
  return template.every((segment, index) => {
    const value = actual[offset + index] ?? "";
    return typeof segment === "string" ? segment === value : segment.test(value);
  });
}
