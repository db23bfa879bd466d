// `pnpm --filter @outbound/bench profile`: CPU-profiles the Outbound client (full pipeline) and openapi-fetch over
// the same pooled transport without policies, one bundled worker each against the JSON server, and prints where
// the pipeline's time goes per call, by file and by innermost @outbound/resilience function. Profiles stay in
// .tmp/prof/ for Chrome DevTools.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildWorkers } from "./internal/build-workers.js";
import { tmpDir } from "./internal/paths.js";
import { summarizeProfile } from "./internal/profile-summary.js";
import { runJsonWorker, spawnServer } from "./internal/spawn-node.js";

const CALLS = 30_000;
const WARMUP = 3_000;
const variants = ["openapiFetchTransport", "outboundPipeline"] as const;
const server = await spawnServer("internal/json-server.ts");
const bundle = join(await buildWorkers(), "runtime-worker.js");
const busy = new Map<string, number>();
try {
  for (const variant of variants) {
    const dir = tmpDir("prof", variant);
    rmSync(dir, { recursive: true, force: true });
    tmpDir("prof", variant);
    const result = await runJsonWorker<{ throughput: number }>(
      "runtime-worker",
      [variant, server.url, "32", String(WARMUP), String(CALLS)],
      ["--cpu-prof", `--cpu-prof-dir=${dir}`],
    );
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (file === undefined) throw new Error(`no profile written in ${dir}`);
    const summary = summarizeProfile(join(dir, file), bundle, CALLS + WARMUP, "resilience/src");
    busy.set(variant, summary.busyUsPerCall);
    const lines = [
      `## ${variant}: ${Math.round(result.throughput)} calls/s, ${summary.busyUsPerCall.toFixed(1)} µs CPU per call`,
    ];
    lines.push(
      "",
      "Self time by file (µs per call):",
      ...summary.byFile.map((l) => `${l.usPerCall.toFixed(1).padStart(7)}  ${l.key}`),
    );
    lines.push("", "By innermost @outbound/resilience function, own code + what it calls (µs per call):");
    lines.push(...summary.byFocusFunction.map((l) => `${l.usPerCall.toFixed(1).padStart(7)}  ${l.key}`));
    process.stdout.write(`${lines.join("\n")}\n\n`);
  }
  const added = (busy.get("outboundPipeline") ?? 0) - (busy.get("openapiFetchTransport") ?? 0);
  process.stdout.write(`Policies add ${added.toFixed(1)} µs of CPU per call over the transport alone.\n`);
} finally {
  await server.stop();
}
