import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GenerationError } from "./generation-error.js";

/**
 * Writes the files under `folder` (repo-relative, e.g. `specs/payments`) as they were at git `ref` into `target`,
 * keeping their layout. Returns how many files there were (0 when the folder did not exist at `ref`).
 * @throws GenerationError when `ref` is not a revision of the repo.
 */
export function extractFolderAt(repoRoot: string, ref: string, folder: string, target: string): number {
  const git = (args: string[]) =>
    execFileSync("git", ["-C", repoRoot, ...args], { maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  try {
    git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GenerationError(
      "SPEC_NOT_FOUND",
      `\`${ref}\` is not a git revision of this repo.`,
      "pass a commit, branch or tag, e.g. `--base HEAD~1` or `--base origin/main`.",
    );
  }
  const files = git(["ls-tree", "-r", "--name-only", ref, "--", folder])
    .toString("utf8")
    .split("\n")
    .filter((f) => f !== "");
  for (const file of files) {
    const destination = join(target, file.slice(folder.length + 1));
    mkdirSync(dirname(destination), { recursive: true });
    writeFileSync(destination, git(["show", `${ref}:${file}`]));
  }
  return files.length;
}
