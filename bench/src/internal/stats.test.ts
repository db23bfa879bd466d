import { describe, expect, it } from "vitest";
import { median, quantileSorted, round } from "./stats.js";

describe("median", () => {
  it.each([
    [[], Number.NaN],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 1, 1000, 10], 10],
  ])("median(%j) = %d", (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it("does not reorder its input", () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("quantileSorted (nearest rank)", () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [0.5, 50],
    [0.99, 99],
    [1, 100],
    [0.001, 1],
  ])("p%d of 1..100 = %d", (p, expected) => {
    expect(quantileSorted(hundred, p)).toBe(expected);
  });

  it("takes the only value of one sample and NaN of none", () => {
    expect(quantileSorted([7], 0.99)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it("rounds to the digits asked", () => {
    expect(round(1.23456, 2)).toBe(1.23);
    expect(round(1_234.5, 0)).toBe(1_235);
  });
});
