import { spawn } from "node:child_process";

/** Outcome of {@link runCommand}. */
export interface CommandResult {
  /** stdout and stderr interleaved as received. */
  readonly output: string;
  /** Wall time from spawn to exit, in ms. */
  readonly wallMs: number;
}

/** `npx -y pnpm@<this>`: the workspace's `packageManager`; turbo needs that pnpm on PATH to read the workspace. */
export const PNPM = ["npx", "-y", "pnpm@12.4.2"] as const;

/**
 * Runs `command` in `cwd` with exactly `env` (no inheritance) and collects its output.
 * @throws Error naming the command, its exit code and its output when it exits non-zero.
 */
export function runCommand(command: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CommandResult> {
  const [file, ...args] = command;
  if (file === undefined) throw new Error("runCommand: empty command");
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = Math.round(performance.now() - started);
      if (code === 0) resolve({ output, wallMs });
      else reject(new Error(`\`${command.join(" ")}\` in ${cwd} exited with ${String(code)}:\n${output}`));
    });
  });
}

/**
 * The test's own environment minus what would leak into the clones' runs: turbo settings of the outer shell
 * (TURBO_*), vitest's markers, npm/pnpm settings of the process that started vitest, and NODE_OPTIONS.
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(TURBO_|VITEST|npm_|PNPM_|NODE_OPTIONS$|NODE_ENV$)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: "1", TURBO_NO_UPDATE_NOTIFIER: "1", ...extra };
}
