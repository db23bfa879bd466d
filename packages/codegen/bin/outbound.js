#!/usr/bin/env node
// The `outbound` binary. Inside the monorepo it runs the TypeScript source through tsx (always current, no build
// step before `generate`); an installed package without src/ runs the compiled dist/.
import { existsSync } from "node:fs";

const source = new URL("../src/cli.ts", import.meta.url);
if (existsSync(source) && process.env.OUTBOUND_USE_DIST !== "1") {
  const { register } = await import("tsx/esm/api");
  register();
  await import(source.href);
} else {
  await import(new URL("../dist/cli.js", import.meta.url).href);
}
