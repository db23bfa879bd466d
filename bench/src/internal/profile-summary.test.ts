import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { summarizeProfile } from "./profile-summary.js";

const scratch = mkdtempSync(join(tmpdir(), "bench-profile-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A bundle as esbuild writes it: each module starts with a `// path` marker line (0-based lines 1, 4 and 7 here).
const bundle = join(scratch, ".tmp", "workers", "runtime-worker.js");
const bundleText = [
  "// Bundled",
  "// src/internal/drive-load.ts",
  "function driveLoad() {}",
  "",
  "// ../resilience/src/internal/abort-source.ts",
  "class AbortScope {}",
  "",
  "// ../resilience/src/transport.ts",
  "function sendWith() {}",
].join("\n");

function frame(id: number, functionName: string, url: string, lineNumber: number, children: number[] = []) {
  return { id, callFrame: { functionName, url, lineNumber }, children };
}

describe("summarizeProfile", () => {
  it("attributes bundle lines to their source files and each sample to its innermost focus frame, per call", () => {
    mkdirSync(join(scratch, ".tmp", "workers"), { recursive: true });
    writeFileSync(bundle, bundleText);
    const url = `file://${bundle}`;
    const profile = {
      nodes: [
        frame(1, "(root)", "", -1, [2, 6]),
        frame(2, "driveLoad", url, 2, [3]),
        frame(3, "follow", url, 5, [4]),
        frame(4, "addEventListener", "node:internal/event_target", 597, [5]),
        frame(5, "sendWith", url, 8),
        frame(6, "(idle)", "", -1),
      ],
      samples: [3, 4, 4, 5, 2, 6],
      timeDeltas: [100, 200, 300, 400, 500, 10_000],
    };
    const file = join(scratch, "worker.cpuprofile");
    writeFileSync(file, JSON.stringify(profile));
    const summary = summarizeProfile(file, bundle, 10, "resilience/src");
    expect(summary.busyUsPerCall).toBe(150);
    expect(summary.byFile).toEqual([
      { key: "((idle))", usPerCall: 1_000 },
      { key: "node:internal/event_target", usPerCall: 50 },
      { key: "src/internal/drive-load.ts", usPerCall: 50 },
      { key: "packages/resilience/src/transport.ts", usPerCall: 40 },
      { key: "packages/resilience/src/internal/abort-source.ts", usPerCall: 10 },
    ]);
    expect(summary.byFocusFunction).toEqual([
      { key: "packages/resilience/src/internal/abort-source.ts follow", usPerCall: 60 },
      { key: "(outside resilience/src)", usPerCall: 50 },
      { key: "packages/resilience/src/transport.ts sendWith", usPerCall: 40 },
    ]);
  });
});
