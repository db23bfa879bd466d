import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { driveLoad } from "./drive-load.js";

describe("driveLoad", () => {
  it("makes exactly the calls asked, each index once, never more than `concurrency` at a time", async () => {
    const seen: number[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const result = await driveLoad(
      async (index) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        seen.push(index);
        await sleep(1);
        inFlight--;
        return true;
      },
      200,
      8,
    );
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(maxInFlight).toBe(8);
    expect(result.calls).toBe(200);
    expect(result.failures).toBe(0);
    expect(result.throughput).toBeCloseTo((200 * 1_000) / result.wallMs, 6);
  });

  it("counts rejections and false results as failures and leaves them out of the throughput", async () => {
    const result = await driveLoad(
      async (index) => {
        if (index % 10 === 0) throw new Error("boom");
        return index % 10 !== 1;
      },
      100,
      4,
    );
    expect(result.failures).toBe(20);
    expect(result.throughput).toBeCloseTo((80 * 1_000) / result.wallMs, 6);
  });

  it("reports latency percentiles in µs from the callers' own timings", async () => {
    const result = await driveLoad(
      async (index) => {
        await sleep(index < 98 ? 1 : 60);
        return true;
      },
      100,
      1,
    );
    expect(result.p50Us).toBeGreaterThanOrEqual(900);
    expect(result.p50Us).toBeLessThan(50_000);
    expect(result.p99Us).toBeGreaterThanOrEqual(59_000);
  });
});
