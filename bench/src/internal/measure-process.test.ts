import { describe, expect, it } from "vitest";
import { measureProcess } from "./measure-process.js";

describe("measureProcess", () => {
  it("reports the exit code, the wall time and the peak RSS of the child, not of this process", async () => {
    // The child holds 200 MB of touched memory, then sleeps 300 ms.
    const script =
      "const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => { console.log(b[0]); process.exit(3); }, 300);";
    const run = await measureProcess(process.execPath, ["-e", script]);
    expect(run.code).toBe(3);
    expect(run.output.trim()).toBe("1");
    expect(run.wallMs).toBeGreaterThanOrEqual(300);
    expect(run.peakRssBytes).toBeGreaterThan(200 * 1024 * 1024);
    expect(run.peakRssBytes).toBeLessThan(1_024 * 1024 * 1024);
  });

  it("keeps the start and the end of a long output for the error report", async () => {
    const script = "console.error('START' + 'x'.repeat(5000) + 'END'); process.exit(1)";
    const run = await measureProcess(process.execPath, ["-e", script]);
    expect(run.code).toBe(1);
    expect(run.output).toBe(`START${"x".repeat(995)}\n[…]\n${"x".repeat(2996)}END\n`);
    const short = await measureProcess(process.execPath, ["-e", "console.log('a'); console.error('b')"]);
    expect(short.output.split("\n").sort()).toEqual(["", "a", "b"]);
  });

  it("kills a process that outlives its timeout", async () => {
    const run = await measureProcess(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { timeoutMs: 300 });
    expect(run.code).not.toBe(0);
    expect(run.wallMs).toBeLessThan(10_000);
  });
});
