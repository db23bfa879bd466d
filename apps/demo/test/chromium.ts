import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

/** Debian's chromium, or `CHROMIUM_PATH`. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}: install Debian's package (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  return path;
}

/** Loads `file` in headless Chromium, runs its scripts, and returns the DOM as serialised after they ran. */
export async function dumpDom(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    chromiumPath(),
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
