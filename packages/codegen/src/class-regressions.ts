import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { OperationClass } from "./internal/contract-types.js";
import { isRecord } from "./internal/json-pointer.js";
import type { OperationModel } from "./operation-model.js";

/** One operation's class as `manifest.json` records it (`operationClasses`, keyed by operationId). */
export interface RecordedClass {
  readonly class: OperationClass;
  /** The idempotency header, present exactly when `class` is `keyed`. */
  readonly idempotencyHeader?: string;
}

/** An operation whose class got less safe than in the output it replaces (RFC 9110 §9.2.2 order). */
export interface ClassRegression {
  /** operationId (or `METHOD /path` when the spec gives none), the key both generations share. */
  readonly operationId: string;
  readonly previous: RecordedClass;
  readonly current: OperationClass;
}

const SAFETY: Readonly<Record<OperationClass, number>> = { idempotent: 0, keyed: 1, unsafe: 2 };
const CLASSES: readonly string[] = Object.keys(SAFETY);

/**
 * `manifest.json`'s `operationClasses`: each operation's class (and idempotency header), keyed by operationId,
 * sorted by code unit so the bytes are deterministic. Built with `Object.fromEntries` so an operationId such as
 * `__proto__` is an own key.
 */
export function recordClasses(operations: readonly OperationModel[]): Record<string, RecordedClass> {
  const entries = operations.map((o): [string, RecordedClass] => [
    o.operationId,
    o.idempotencyHeader === undefined ? { class: o.class } : { class: o.class, idempotencyHeader: o.idempotencyHeader },
  ]);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The classes recorded in `<outDir>/manifest.json` by the previous generation, or an empty map when there is no
 * readable manifest (first generation, or one written before `operationClasses` existed). Never throws: a broken
 * previous output is about to be replaced anyway.
 */
export function readPreviousClasses(outDir: string): Map<string, RecordedClass> {
  const file = join(outDir, "manifest.json");
  const recorded = new Map<string, RecordedClass>();
  if (!existsSync(file)) return recorded;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return recorded;
  }
  const classes = isRecord(manifest) ? manifest.operationClasses : undefined;
  if (!isRecord(classes)) return recorded;
  for (const [id, entry] of Object.entries(classes)) {
    if (!isRecord(entry) || typeof entry.class !== "string" || !CLASSES.includes(entry.class)) continue;
    const header = typeof entry.idempotencyHeader === "string" ? entry.idempotencyHeader : undefined;
    const cls = entry.class as OperationClass;
    recorded.set(id, header === undefined ? { class: cls } : { class: cls, idempotencyHeader: header });
  }
  return recorded;
}

/**
 * Operations present in both generations whose class got less safe (`keyed` → `unsafe`, `idempotent` →
 * `keyed`/`unsafe`), in the new document order. Operations added or removed are not regressions here
 * (`outbound diff` reports removals).
 */
export function findClassRegressions(
  previous: ReadonlyMap<string, RecordedClass>,
  operations: readonly OperationModel[],
): ClassRegression[] {
  return operations.flatMap((o) => {
    const before = previous.get(o.operationId);
    if (before === undefined || SAFETY[o.class] <= SAFETY[before.class]) return [];
    return [{ operationId: o.operationId, previous: before, current: o.class }];
  });
}

/**
 * One warning line, e.g. ``! payments: createCharge was keyed, now unsafe (its Idempotency-Key header parameter is
 * gone?) — check the spec; `outbound diff --base HEAD payments` shows all breaking changes``. `diffCommand` is the
 * command that lists every breaking change for this spec.
 */
export function describeClassRegression(name: string, regression: ClassRegression, diffCommand: string): string {
  const { operationId, previous, current } = regression;
  const cause =
    previous.class === "keyed"
      ? `its ${previous.idempotencyHeader ?? "Idempotency-Key"} header parameter is gone?`
      : "its method changed, or its `x-outbound: { idempotent: true }` is gone?";
  return `! ${name}: ${operationId} was ${previous.class}, now ${current} (${cause}) — check the spec; \`${diffCommand}\` shows all breaking changes`;
}
