import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A scratch folder inside the repo (`.outbound-tmp-*`, git-ignored) laid out as a repo root (it holds a
 * `pnpm-workspace.yaml`), so an old version of `specs/<name>/` can be read there with the same rules.
 */
export function makeScratchDir(repoRoot: string): string {
  const dir = join(repoRoot, `.outbound-tmp-diff-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pnpm-workspace.yaml"), "packages: []\n");
  return dir;
}

/** Removes a folder made by {@link makeScratchDir}. */
export function removeScratchDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
