import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repo root (this file is packages/conformance/test/support/). */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..", "..");

/** The specs corpus: `OUTBOUND_SPECS_CORPUS` (relative to the repo root, or absolute), default `../shared/specs-corpus`. */
export const CORPUS_DIR = resolve(REPO_ROOT, process.env.OUTBOUND_SPECS_CORPUS ?? join("..", "shared", "specs-corpus"));

/** Whether the corpus is there (its README marks a complete copy). */
export const CORPUS_PRESENT = existsSync(join(CORPUS_DIR, "README.md"));

/** Under CI=true a missing corpus fails the suite instead of skipping its subjects. */
export const CORPUS_REQUIRED = process.env.CI === "true";

/**
 * Root of generated test clients: inside this package, so their `openapi-fetch` and `@outbound/resilience`
 * imports resolve through this package's node_modules as a client package's do. Git-ignored (`.outbound-tmp-*`).
 */
export const GENERATED_ROOT = resolve(import.meta.dirname, "..", "..", ".outbound-tmp-generated");
