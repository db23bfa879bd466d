import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** A running turborepo-remote-cache server, started by {@link startCacheServer}. */
export interface CacheServer {
  /** Base URL for `TURBO_API`, e.g. `http://127.0.0.1:41103` (port chosen by the OS). */
  readonly url: string;
  /** Stops the server (SIGTERM, then SIGKILL after 5000 ms) and resolves once the process has exited. */
  close(): Promise<void>;
}

/** Options of {@link startCacheServer}. */
export interface CacheServerOptions {
  /** Folder where artifacts land, as `<storagePath>/<team>/<task hash>` (the server's `local` provider). */
  readonly storagePath: string;
  /** Static bearer token the server accepts; turbo sends it from `TURBO_TOKEN`. */
  readonly token: string;
  /** How long to wait for the "Server listening" log line, in ms. @default 20000 */
  readonly startTimeoutMs?: number;
}

const require = createRequire(import.meta.url);
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;

/**
 * Starts `turborepo-remote-cache` (the npm package, pinned in this package) as a child process on 127.0.0.1 with
 * port 0, local filesystem storage and static token auth. Environment variable names are the server's own
 * (`dist/env.js`: HOST, PORT, STORAGE_PROVIDER, STORAGE_PATH, STORAGE_PATH_USE_TMP_FOLDER, TURBO_TOKEN).
 * @throws Error when the server exits or does not log its address within `startTimeoutMs`; the message carries
 *   the server's output.
 */
export async function startCacheServer(options: CacheServerOptions): Promise<CacheServer> {
  const packageJson = require.resolve("turborepo-remote-cache/package.json");
  const cli = join(dirname(packageJson), "dist", "cli.js");
  const child = spawn(process.execPath, [cli], {
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      STORAGE_PROVIDER: "local",
      STORAGE_PATH: options.storagePath,
      STORAGE_PATH_USE_TMP_FOLDER: "false",
      TURBO_TOKEN: options.token,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const url = await waitForAddress(child, options.startTimeoutMs ?? 20_000);
  return { url, close: () => stop(child) };
}

function waitForAddress(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = "";
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`turborepo-remote-cache ${why}. Its output:\n${output}`));
    };
    const timer = setTimeout(() => fail(`logged no address within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString("utf8");
      const match = LISTENING.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null): void => fail(`exited with code ${String(code)} before listening`);
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
