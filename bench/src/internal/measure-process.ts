import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { tmpDir } from "./paths.js";

/** What one measured child process did. */
export interface ProcessRun {
  /** Exit code (null when killed by a signal). */
  readonly code: number | null;
  /** Wall time from spawn to exit, in ms. */
  readonly wallMs: number;
  /** Peak resident set size of the process tree's largest member, in bytes (GNU time `%M`); NaN when unknown. */
  readonly peakRssBytes: number;
  /** stdout and stderr as written, for error reports: all of it up to 4 000 characters, else the first 1 000 and the last 3 000. */
  readonly output: string;
}

/** Options of {@link measureProcess}. */
export interface MeasureProcessOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the process after this long, in ms. @default 600000 */
  readonly timeoutMs?: number;
}

const GNU_TIME = "/usr/bin/time";
/** Output kept: the start (where most tools print the error) and the end (where stack traces end). */
const HEAD_CHARS = 1_000;
const TAIL_CHARS = 3_000;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
let seq = 0;

/**
 * Runs `command args…` to completion and measures its wall time and peak RSS. Peak RSS comes from GNU time
 * (`wait4` rusage: the largest `ru_maxrss` of the process and its waited-for children), so it counts the tool
 * itself, not this process.
 */
export async function measureProcess(
  command: string,
  args: readonly string[],
  options: MeasureProcessOptions = {},
): Promise<ProcessRun> {
  const useTime = existsSync(GNU_TIME);
  const rssFile = join(tmpDir("rss"), `${process.pid}-${seq++}.txt`);
  const [file, argv] = useTime ? [GNU_TIME, ["-f", "%M", "-o", rssFile, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const child = spawn(file, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a timeout kills the tool under GNU time too, not only `time` itself.
    detached: true,
  });
  let head = "";
  let tail = "";
  let total = 0;
  let whole = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (head.length < HEAD_CHARS) head += text.slice(0, HEAD_CHARS - head.length);
    tail = (tail + text).slice(-TAIL_CHARS);
    total += text.length;
    if (total <= HEAD_CHARS + TAIL_CHARS) whole += text;
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const timer = setTimeout(() => killGroup(child.pid), options.timeoutMs ?? 600_000);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolve(exitCode));
  }).finally(() => clearTimeout(timer));
  const wallMs = performance.now() - started;
  let peakRssBytes = Number.NaN;
  if (useTime && existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the figure on failure.
    const kib = Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1));
    peakRssBytes = Number.isFinite(kib) ? kib * 1024 : Number.NaN;
    rmSync(rssFile, { force: true });
  }
  const output = total <= HEAD_CHARS + TAIL_CHARS ? whole : `${head}\n[…]\n${tail}`;
  return { code, wallMs, peakRssBytes, output };
}
