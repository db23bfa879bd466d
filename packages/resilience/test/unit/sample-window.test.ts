import { describe, expect, it } from "vitest";
import { SampleWindow } from "../../src/policies/sample-window.js";

/** The window as a plain list, for comparison: what the breaker kept before the ring (filter by age, last N). */
function reference(samples: readonly (readonly [number, boolean])[], oldest: number, windowSize: number) {
  const fresh = samples.filter(([at]) => at > oldest);
  return fresh.slice(Math.max(0, fresh.length - windowSize));
}

describe("SampleWindow", () => {
  it("keeps the last windowSize samples and counts their failures, through many wraps of the ring", () => {
    const window = new SampleWindow(3);
    const all: [number, boolean][] = [];
    for (let at = 1; at <= 50; at += 1) {
      const failure = at % 3 === 0 || at % 7 === 0;
      window.push(at, failure);
      window.prune(0);
      all.push([at, failure]);
      const kept = reference(all, 0, 3);
      expect([window.size, window.failures]).toEqual([kept.length, kept.filter(([, f]) => f).length]);
    }
  });

  it("drops samples at or before the oldest time wherever they sit (a clock that stepped back)", () => {
    const window = new SampleWindow(5);
    const samples: [number, boolean][] = [
      [100, true],
      [200, false],
      [50, true],
      [300, true],
    ];
    for (const [at, failure] of samples) window.push(at, failure);
    window.prune(150);
    expect([window.size, window.failures]).toEqual([2, 1]);
    window.push(400, false);
    window.prune(250);
    expect([window.size, window.failures]).toEqual([2, 1]);
    window.clear();
    expect([window.size, window.failures]).toEqual([0, 0]);
  });
});
