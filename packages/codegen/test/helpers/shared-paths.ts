import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repo root (two levels above this package). */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..", "..");

/** The specs corpus: OUTBOUND_SPECS_CORPUS, default ../shared/specs-corpus from the repo root. */
export const CORPUS_DIR = resolve(REPO_ROOT, process.env.OUTBOUND_SPECS_CORPUS ?? join("..", "shared", "specs-corpus"));

/** Whether the corpus is there. */
export const CORPUS_PRESENT = existsSync(join(CORPUS_DIR, "README.md"));
