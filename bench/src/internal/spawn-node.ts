import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { buildWorkers, type WorkerScript } from "./build-workers.js";
import { BENCH_ROOT } from "./paths.js";

/** `node` arguments that run a TypeScript file of this package from source (tsx, `@outbound/source` condition). */
export function tsNodeArgs(script: string, nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, "--conditions=@outbound/source", "--import", "tsx", join(BENCH_ROOT, "src", script)];
}

/** A server running in its own process. */
export interface ServerProcess {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Stops the process (SIGTERM, then SIGKILL after 3 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `script` (a file under `src/`) in a separate Node process and resolves once it prints
 * `listening <url>`. @throws Error with the process output when it exits or stays silent for 60 s.
 */
export function spawnServer(script: string): Promise<ServerProcess> {
  const child = spawn(process.execPath, tsNodeArgs(script), { cwd: BENCH_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise<ServerProcess>((resolve, reject) => {
    const fail = (why: string) => {
      child.kill("SIGKILL");
      reject(new Error(`${script}: ${why}\n${output}`));
    };
    const timer = setTimeout(() => fail("did not print 'listening <url>' within 60 s"), 60_000);
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ url: match[1] as string, stop: () => stopChild(child) });
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(`exited with code ${String(code)} before listening`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * Runs a bundled worker (see build-workers.ts) in a fresh Node process with `args` and resolves with the JSON
 * object it prints as its last stdout line. `BENCH_WORKER_NODE_FLAGS` (space-separated) adds Node flags, e.g.
 * `--cpu-prof --cpu-prof-dir=.tmp/prof` to profile every measured run. The worker gets no NODE_OPTIONS (a
 * TypeScript loader inherited from the parent would run in the measured process).
 * @throws Error with stderr when it exits non-zero or prints no JSON.
 */
export async function runJsonWorker<T>(
  script: WorkerScript,
  args: readonly string[],
  nodeFlags: readonly string[] = [],
): Promise<T> {
  const file = join(await buildWorkers(), `${script}.js`);
  const extra = (process.env.BENCH_WORKER_NODE_FLAGS ?? "").split(" ").filter((flag) => flag !== "");
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const child = spawn(process.execPath, [...nodeFlags, ...extra, file, ...args], {
    env,
    cwd: BENCH_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-8_000);
  });
  return new Promise<T>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      const last = stdout.trim().split("\n").at(-1) ?? "";
      if (code !== 0 || !last.startsWith("{")) {
        reject(new Error(`${script} ${args.join(" ")} exited with ${String(code)}:\n${stderr || stdout}`));
        return;
      }
      resolve(JSON.parse(last) as T);
    });
  });
}
