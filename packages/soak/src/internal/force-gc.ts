import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let gc: (() => void) | undefined;

/**
 * Runs a full garbage collection. Uses `globalThis.gc` when Node runs with `--expose-gc`, else turns the flag on at
 * run time and takes `gc` from a fresh context (the documented V8 way; it works under Vitest too).
 */
export function forceGc(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed !== undefined) gc = exposed;
    else {
      setFlagsFromString("--expose-gc");
      gc = runInNewContext("gc") as () => void;
    }
  }
  gc();
  gc();
}

/** Heap in use after a full collection, in MiB. */
export function settledHeapMb(): number {
  forceGc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
