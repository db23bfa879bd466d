import type { BenchProfile } from "./bench-profile.js";
import { runJsonWorker, spawnServer } from "./internal/spawn-node.js";
import { median } from "./internal/stats.js";

/** What one memory run printed. */
interface MemoryRun {
  readonly mode: "no-faults" | "fault-mix";
  readonly calls: number;
  readonly heapAtBaseline: number;
  readonly heapAtEnd: number;
  readonly growthBytes: number;
  readonly wallMs: number;
  readonly outcomes: Record<string, number>;
}

/** Heap figures of one mode (medians over the runs), in bytes. */
export interface MemoryMode {
  readonly heapAtBaselineBytes: number;
  readonly heapAtEndBytes: number;
  /** heapAtEnd − heapAtBaseline (may be ≤ 0: nothing retained). */
  readonly growthBytes: number;
  /** Outcomes of the last run's calls, by HTTP status or error code. */
  readonly outcomes: Record<string, number>;
}

/** The memory section of the results. */
export interface MemoryResults {
  readonly baselineCalls: number;
  readonly calls: number;
  readonly noFaults: MemoryMode;
  readonly faultMix: MemoryMode;
  /** The larger growth of the two modes, in bytes (target < 5 MB). */
  readonly heapGrowthBytes: number;
}

async function runMode(
  mode: MemoryRun["mode"],
  script: string,
  profile: BenchProfile,
  log: (line: string) => void,
): Promise<MemoryMode> {
  const runs: MemoryRun[] = [];
  for (let i = 0; i < Math.max(1, Math.min(profile.runs, 3)); i++) {
    const server = await spawnServer(script);
    try {
      const args = [mode, server.url, String(profile.memoryBaselineCalls), String(profile.memoryCalls)];
      runs.push(await runJsonWorker<MemoryRun>("memory-worker", args, ["--expose-gc"]));
    } finally {
      await server.stop();
    }
    const last = runs.at(-1) as MemoryRun;
    log(`memory ${mode} run ${i + 1}: growth ${last.growthBytes} B in ${Math.round(last.wallMs)} ms`);
  }
  return {
    heapAtBaselineBytes: median(runs.map((r) => r.heapAtBaseline)),
    heapAtEndBytes: median(runs.map((r) => r.heapAtEnd)),
    growthBytes: median(runs.map((r) => r.growthBytes)),
    outcomes: (runs.at(-1) as MemoryRun).outcomes,
  };
}

/**
 * Heap after `profile.memoryCalls` calls against heap after `profile.memoryBaselineCalls`, through the generated
 * inventory client with the full default pipeline: once against the plain JSON server, once against the testkit
 * server with the seeded fault mix. Each run is a fresh process with a fresh server (up to 3 runs per mode).
 */
export async function runMemoryBench(profile: BenchProfile, log: (line: string) => void): Promise<MemoryResults> {
  const noFaults = await runMode("no-faults", "internal/json-server.ts", profile, log);
  const faultMix = await runMode("fault-mix", "internal/fault-server.ts", profile, log);
  return {
    baselineCalls: profile.memoryBaselineCalls,
    calls: profile.memoryCalls,
    noFaults,
    faultMix,
    heapGrowthBytes: Math.max(noFaults.growthBytes, faultMix.growthBytes),
  };
}
