import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { displayPath } from "./internal/display-path.js";
import { GenerationError } from "./internal/generation-error.js";

/**
 * Writes `files` as the whole content of `outDir`: into a sibling temp folder (`.outbound-tmp-*`, git-ignored) first, then swapped in by rename,
 * so readers see the old folder or the new one, never a half-written one. A failure before the swap leaves the
 * previous output untouched and removes the temp folder.
 * @throws GenerationError `OUTPUT_FAILED` when the folder cannot be written.
 */
export function writeOutput(outDir: string, files: ReadonlyMap<string, string>): void {
  const parent = dirname(outDir);
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const temp = join(parent, `.outbound-tmp-${basename(outDir)}-${stamp}`);
  const old = join(parent, `.outbound-tmp-old-${basename(outDir)}-${stamp}`);
  try {
    mkdirSync(temp, { recursive: true });
    for (const [name, content] of files) writeFileSync(join(temp, name), content);
    if (existsSync(outDir)) renameSync(outDir, old);
    renameSync(temp, outDir);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(outDir) && existsSync(old)) renameSync(old, outDir);
    throw new GenerationError(
      "OUTPUT_FAILED",
      `The generated files could not be written: ${(error as Error).message}.`,
      "check that the folder is writable and not held open by another process, then run again.",
      { file: displayPath(outDir) },
      error,
    );
  }
  rmSync(old, { recursive: true, force: true });
}
