import { execFile } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

/** Why a Chromium test cannot run here, and how to make it run. */
export const CHROMIUM_MISSING =
  "no Chromium found (CHROMIUM_PATH unset, no `chromium` on PATH): install Debian's package with " +
  "`apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium executable";

/**
 * The Chromium executable: `CHROMIUM_PATH` when set, else the first `chromium` on `PATH` (Debian's package installs
 * `/usr/bin/chromium`); `undefined` when there is none.
 * @throws Error when `CHROMIUM_PATH` is set but names no executable file.
 */
export function findChromium(): string | undefined {
  const configured = process.env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== "") {
    if (!isExecutableFile(configured)) {
      throw new Error(`CHROMIUM_PATH=${configured} is not an executable file: point it at Chromium, or unset it.`);
    }
    return configured;
  }
  return (process.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .map((dir) => join(dir, "chromium"))
    .find(isExecutableFile);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads `file` in headless `chromium` (an executable, see {@link findChromium}), runs its scripts for up to 5 000 ms
 * of virtual time, and returns the DOM as serialised after they ran.
 * @throws Error when Chromium exits non-zero or runs longer than 60 000 ms.
 */
export async function dumpDom(chromium: string, file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--window-size=1280,2000",
      "--virtual-time-budget=5000",
      "--dump-dom",
      `file://${file}`,
    ],
    { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout;
}

/** The attributes of the first tag matching `pattern` in `html`, as a record. */
export function attributesOf(html: string, pattern: RegExp): Record<string, string> | undefined {
  const tag = html.match(pattern)?.[0];
  if (tag === undefined) return undefined;
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]));
}
