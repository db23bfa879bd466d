import { describe, expect, it } from "vitest";
import { RetryBudget } from "../../src/policies/retry-budget.js";

describe("RetryBudget (Envoy-style: 20% of the last 10 s, floor of 3 concurrent retries)", () => {
  function make() {
    let now = 50_000;
    const budget = new RetryBudget({ ratio: 0.2, windowMs: 10_000, minConcurrentRetries: 3 }, () => now);
    return { budget, advance: (ms: number) => (now += ms) };
  }

  it("allows 3 concurrent retries with no traffic, refuses the 4th, and allows again after a release", () => {
    const { budget } = make();
    const releases = [budget.tryAcquireRetry(), budget.tryAcquireRetry(), budget.tryAcquireRetry()];
    expect(releases.every((r) => r !== undefined)).toBe(true);
    expect(budget.tryAcquireRetry()).toBeUndefined();
    releases[0]?.();
    releases[0]?.();
    expect(budget.activeRetries).toBe(2);
    expect(budget.tryAcquireRetry()).toBeDefined();
  });

  it("allows retries up to 20% of the window's requests beyond the floor", () => {
    const { budget } = make();
    for (let i = 0; i < 100; i += 1) budget.recordRequest();
    const held: (() => void)[] = [];
    for (let i = 0; i < 30; i += 1) {
      const release = budget.tryAcquireRetry();
      if (release === undefined) break;
      held.push(release);
    }
    expect(held.length).toBe(20);
  });

  it("forgets requests and retries older than the window", () => {
    const { budget, advance } = make();
    for (let i = 0; i < 100; i += 1) budget.recordRequest();
    for (let i = 0; i < 20; i += 1) budget.tryAcquireRetry();
    expect(budget.tryAcquireRetry()).toBeUndefined();
    advance(11_000);
    for (let i = 0; i < 10; i += 1) budget.recordRequest();
    expect(budget.tryAcquireRetry()).toBeDefined();
    expect(budget.tryAcquireRetry()).toBeDefined();
    expect(budget.tryAcquireRetry()).toBeUndefined();
  });
});
