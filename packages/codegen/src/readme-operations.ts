import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RenderedClient } from "./generate.js";

/** Opens the generated operations table in a client's README.md; the text outside the markers is the team's. */
export const OPERATIONS_START = "<!-- outbound:operations:start -->";
/** Closes the generated operations table in a client's README.md. */
export const OPERATIONS_END = "<!-- outbound:operations:end -->";

/** A Markdown table with padded columns (as the repo's formatter writes it). */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * The README's operations block, markers included: one row per operation (operationId, method name, method, path,
 * class) in document order. Spec text is code-spanned with `|` escaped and backticks made `'`.
 */
export function operationsBlock(client: Pick<RenderedClient, "operations">): string {
  const cell = (text: string) => `\`${text.replace(/\|/g, "\\|").replace(/`/g, "'")}\``;
  const rows = client.operations.map((o) => [cell(o.operationId), cell(o.methodName), o.method, cell(o.path), o.class]);
  return `${OPERATIONS_START}\n\n${table(["operationId", "method name", "method", "path", "class"], rows)}\n\n${OPERATIONS_END}`;
}

/**
 * `readme` with the text from the start marker to the end marker replaced by `block`, or `undefined` when the
 * README has no start marker followed by an end marker (the team removed them: the table is then theirs).
 */
export function replaceOperationsBlock(readme: string, block: string): string | undefined {
  const start = readme.indexOf(OPERATIONS_START);
  const end = start < 0 ? -1 : readme.indexOf(OPERATIONS_END, start);
  if (end < 0) return undefined;
  return readme.slice(0, start) + block + readme.slice(end + OPERATIONS_END.length);
}

/** What {@link syncReadmeOperations} found: the table was rewritten, already current, or not ours to touch. */
export type ReadmeSync = "updated" | "current" | "unmanaged";

/**
 * The README.md of `packageDir` as it should be: the operations block rewritten for `client`, the rest untouched.
 * `undefined` when there is no README or it has no markers.
 */
export function expectedReadme(packageDir: string, client: Pick<RenderedClient, "operations">): string | undefined {
  const file = join(packageDir, "README.md");
  if (!existsSync(file)) return undefined;
  return replaceOperationsBlock(readFileSync(file, "utf8"), operationsBlock(client));
}

/** Rewrites the operations block of `<packageDir>/README.md` for `client` when it is stale (see {@link expectedReadme}). */
export function syncReadmeOperations(packageDir: string, client: Pick<RenderedClient, "operations">): ReadmeSync {
  const expected = expectedReadme(packageDir, client);
  if (expected === undefined) return "unmanaged";
  const file = join(packageDir, "README.md");
  if (readFileSync(file, "utf8") === expected) return "current";
  writeFileSync(file, expected);
  return "updated";
}

/** Whether `<packageDir>/README.md`'s operations block is stale for `client` (false when it has no markers). */
export function readmeOperationsStale(packageDir: string, client: Pick<RenderedClient, "operations">): boolean {
  const expected = expectedReadme(packageDir, client);
  return expected !== undefined && readFileSync(join(packageDir, "README.md"), "utf8") !== expected;
}
