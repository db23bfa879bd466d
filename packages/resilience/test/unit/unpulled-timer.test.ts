import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { UnpulledTimer } from "../../src/stream/unpulled-timer.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

it("fires once timeoutMs pass with no pull in progress, counted from the start", async () => {
  const expire = vi.fn();
  new UnpulledTimer(1_000, expire);
  await vi.advanceTimersByTimeAsync(999);
  expect(expire).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(expire).toHaveBeenCalledTimes(1);
  expect(vi.getTimerCount()).toBe(0);
});

it("does not fire while a pull is in progress, and counts again from the end of the pull", async () => {
  const expire = vi.fn();
  const timer = new UnpulledTimer(1_000, expire);
  timer.pullStarted();
  await vi.advanceTimersByTimeAsync(5_000);
  expect(expire).not.toHaveBeenCalled();
  timer.pullEnded();
  await vi.advanceTimersByTimeAsync(999);
  expect(expire).not.toHaveBeenCalled();
  await vi.advanceTimersByTimeAsync(1);
  expect(expire).toHaveBeenCalledTimes(1);
});

it("leaves no timer once cleared, even when a pull ends afterwards", async () => {
  const expire = vi.fn();
  const timer = new UnpulledTimer(1_000, expire);
  timer.pullStarted();
  timer.clear();
  timer.pullEnded();
  expect(vi.getTimerCount()).toBe(0);
  await vi.advanceTimersByTimeAsync(2_000);
  expect(expire).not.toHaveBeenCalled();
});
