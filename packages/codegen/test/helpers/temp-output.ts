import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Folder for generated test output inside this package (test/.tmp, git-ignored), so generated code resolves
 * `openapi-fetch` and `@outbound/resilience` through this package's node_modules like a client package does.
 */
export const TMP_ROOT = join(import.meta.dirname, "..", ".tmp");

/** A fresh empty folder under {@link TMP_ROOT}; remove it with {@link removeTempDir}. */
export function makeTempDir(label: string): string {
  const dir = join(TMP_ROOT, `${label}-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes a folder made by {@link makeTempDir}. */
export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
