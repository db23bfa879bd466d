import { PNPM, runCommand } from "./run-command.js";

/**
 * Makes a clean clone of the repository's HEAD at `dir` (`git clone`, so nothing untracked or ignored comes
 * along: no node_modules, no dist/, no .turbo/) and installs it from the machine's pnpm store without the
 * network for packages already there (`--prefer-offline`). The lockfile is not frozen: a package added to the
 * workspace after the last lockfile commit is resolved in the clone, the same way in both clones.
 * @returns wall time of clone and install, in ms.
 * @throws Error with the command's output when git or pnpm fails.
 */
export async function cloneWorkspace(
  repoRoot: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ cloneMs: number; installMs: number }> {
  const clone = await runCommand(["git", "clone", "--quiet", "--no-hardlinks", repoRoot, dir], repoRoot, env);
  const install = await runCommand(
    [...PNPM, "install", "--prefer-offline", "--no-frozen-lockfile", "--reporter=append-only"],
    dir,
    env,
  );
  return { cloneMs: clone.wallMs, installMs: install.wallMs };
}
