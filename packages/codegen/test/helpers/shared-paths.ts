import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repo root (two levels above this package). */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..", "..");

/** shared/cases, beside the repo (read-only test inputs). */
export const CASES_DIR = resolve(REPO_ROOT, "..", "shared", "cases");

/** A file of a case, e.g. `caseFile("006", "spec.yaml")`. */
export function caseFile(number: string, file: string): string {
  const dir = [
    "002-properties-plus-additionalproperties",
    "003-nullable-enum",
    "004-enum-member-names",
    "005-comment-terminator-injection",
    "006-operationid-not-identifier",
  ].find((d) => d.startsWith(number));
  if (dir === undefined) throw new Error(`no case ${number}`);
  return join(CASES_DIR, dir, file);
}

/** The specs corpus: OUTBOUND_SPECS_CORPUS, default ../shared/specs-corpus from the repo root. */
export const CORPUS_DIR = resolve(REPO_ROOT, process.env.OUTBOUND_SPECS_CORPUS ?? join("..", "shared", "specs-corpus"));

/** Whether the corpus is there. */
export const CORPUS_PRESENT = existsSync(join(CORPUS_DIR, "README.md"));
