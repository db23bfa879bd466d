import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNPM, runCommand } from "./run-command.js";

/** Cache outcome of one task, from turbo's run summary (`--summarize`, `.turbo/runs/<id>.json`). */
export interface TaskCache {
  /** `HIT` or `MISS`. */
  readonly status: string;
  /** `LOCAL` or `REMOTE` on a hit; absent on a miss. */
  readonly source: string | undefined;
  /** The task hash: the artifact name on the cache server. */
  readonly hash: string;
}

/** Outcome of {@link runTurbo}. */
export interface TurboRun {
  /** Per task id (`@outbound/payments#generate`), its cache outcome. */
  readonly tasks: ReadonlyMap<string, TaskCache>;
  /** Wall time of the whole `turbo run` command, in ms. */
  readonly wallMs: number;
  /** turbo's terminal output. */
  readonly output: string;
}

interface SummaryTask {
  taskId: string;
  hash: string;
  cache: { status: string; source?: string };
}

/**
 * Runs `turbo run <args> --summarize` in `cwd` (through pnpm, which turbo needs on PATH) and reads the summary
 * file that run wrote.
 * @throws Error when turbo fails or writes no new summary file.
 */
export async function runTurbo(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<TurboRun> {
  const runsDir = join(cwd, ".turbo", "runs");
  const before = new Set(listSummaries(runsDir));
  const { output, wallMs } = await runCommand([...PNPM, "exec", "turbo", "run", ...args, "--summarize"], cwd, env);
  const written = listSummaries(runsDir).filter((name) => !before.has(name));
  if (written.length !== 1 || written[0] === undefined) {
    throw new Error(`expected one new run summary in ${runsDir}, found ${written.length}. turbo said:\n${output}`);
  }
  const summary = JSON.parse(readFileSync(join(runsDir, written[0]), "utf8")) as { tasks: SummaryTask[] };
  const tasks = new Map<string, TaskCache>();
  for (const task of summary.tasks) {
    tasks.set(task.taskId, { status: task.cache.status, source: task.cache.source, hash: task.hash });
  }
  return { tasks, wallMs, output };
}

function listSummaries(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
}

/** `{ taskId: "HIT REMOTE" | "HIT LOCAL" | "MISS" }`, sorted by task id: one exact value to assert on. */
export function cacheTable(run: TurboRun): Record<string, string> {
  const table: Record<string, string> = {};
  for (const id of [...run.tasks.keys()].sort()) {
    const cache = run.tasks.get(id);
    if (cache !== undefined) table[id] = cache.status === "HIT" ? `HIT ${cache.source ?? "?"}` : cache.status;
  }
  return table;
}
