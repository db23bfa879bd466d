#!/usr/bin/env node
// The `outbound` binary. It runs the compiled dist/ when that is at least as new as every source file (after
// `turbo build`, or in an installed package without src/), and otherwise the TypeScript source through tsx, so
// an edit to the generator is never silently ignored. OUTBOUND_USE_DIST=1 forces dist/.
import { existsSync, readdirSync, statSync } from "node:fs";

const src = new URL("../src/", import.meta.url);
const dist = new URL("../dist/cli.js", import.meta.url);

/** Newest modification time (ms) of the .ts files under `dir` that dist/ is built from (tests left out). */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? "/" : ""), dir);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(url));
    else if (entry.name.endsWith(".ts") && !/\.test(-d)?\.ts$/.test(entry.name))
      newest = Math.max(newest, statSync(url).mtimeMs);
  }
  return newest;
}

const distIsFresh = existsSync(dist) && (!existsSync(src) || statSync(dist).mtimeMs >= newestSource(src));
if (process.env.OUTBOUND_USE_DIST === "1" || distIsFresh) {
  await import(dist.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import(new URL("cli.ts", src).href);
}
