// One memory run in a fresh process started with --expose-gc:
// `memory-worker.ts <no-faults|fault-mix> <baseUrl> <baselineCalls> <calls>`. Calls getStock through the generated
// inventory client with 32 callers; after `baselineCalls` and after `calls` it forces two full GCs and reads
// heapUsed. Prints one JSON line.
import { createInventoryClient } from "@outbound/inventory";
import { isOutboundError } from "@outbound/resilience";
import { driveLoad } from "./internal/drive-load.js";
import { FAULT_MIX_CLIENT_OPTIONS } from "./internal/fault-mix.js";

const [mode, baseUrl, baselineCalls, calls] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if ((mode !== "no-faults" && mode !== "fault-mix") || baseUrl === undefined || gc === undefined) {
  process.stderr.write(
    "usage: node --expose-gc memory-worker.ts <no-faults|fault-mix> <baseUrl> <baselineCalls> <calls>\n",
  );
  process.exit(2);
}

const client = createInventoryClient({ baseUrl, ...(mode === "fault-mix" ? FAULT_MIX_CLIENT_OPTIONS : {}) });
const outcomes = new Map<string, number>();
const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
const call = async () => {
  try {
    const { response } = await client.getStock({ params: { path: { sku: "SKU-1001" } } });
    count(`status ${response.status}`);
  } catch (error) {
    count(isOutboundError(error) ? error.code : `other ${(error as Error).name}`);
    // A fail-fast error (CIRCUIT_OPEN, BULKHEAD_FULL) settles without I/O: 32 closed-loop callers would then spin in
    // microtasks and starve the event loop, so the breaker's half-open probe could never complete. Real callers are
    // driven by I/O; give the loop a turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return true;
};

async function settledHeap(): Promise<number> {
  // Let timers of finished calls (breaker windows, budget windows) run, then collect twice (weak refs, finalizers).
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
  return process.memoryUsage().heapUsed;
}

const baseline = Number(baselineCalls);
await driveLoad(call, baseline, 32);
const heapAtBaseline = await settledHeap();
const rest = await driveLoad(call, Number(calls) - baseline, 32);
const heapAtEnd = await settledHeap();
process.stdout.write(
  `${JSON.stringify({
    mode,
    calls: Number(calls),
    heapAtBaseline,
    heapAtEnd,
    growthBytes: heapAtEnd - heapAtBaseline,
    wallMs: rest.wallMs,
    outcomes: Object.fromEntries([...outcomes].sort()),
  })}\n`,
);
process.exit(0);
