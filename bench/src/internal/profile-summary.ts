import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

/** The parts of a V8 `.cpuprofile` this summary reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Time of one frame key, in µs per call. */
export interface ProfileLine {
  readonly key: string;
  readonly usPerCall: number;
}

/** Where a worker's CPU time went, per call. */
export interface ProfileSummary {
  /** Sampled time that was not idle, µs per call. */
  readonly busyUsPerCall: number;
  /** Self time by source file (workspace files from the bundle's markers; Node internals and packages as named). */
  readonly byFile: readonly ProfileLine[];
  /**
   * Time of the innermost frame in `focus` (e.g. `resilience/src`) on each sample's stack, own code plus the Node
   * and library code it calls (AbortSignal, URL, Headers…), keyed `file function`.
   */
  readonly byFocusFunction: readonly ProfileLine[];
}

/** Maps a line of a bundle to the source file esbuild's `// path/to/file.ts` markers say it came from. */
function bundleFileMap(bundle: string): (line: number) => string {
  const starts: { line: number; file: string }[] = [];
  readFileSync(bundle, "utf8")
    .split("\n")
    .forEach((text, index) => {
      const match = /^\/\/ ((?:\.\.\/|src\/)\S+\.ts)$/.exec(text);
      if (match !== null) starts.push({ line: index, file: (match[1] as string).replace(/^(\.\.\/)+/, "packages/") });
    });
  return (line) => {
    let file = "bundle";
    for (const start of starts) {
      if (start.line > line) break;
      file = start.file;
    }
    return file;
  };
}

function top(map: Map<string, number>, calls: number, count: number): ProfileLine[] {
  return [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, us]) => ({ key, usPerCall: us / calls }));
}

/**
 * Summarises the main-thread CPU profile of a bundled worker that made `calls` calls (warm-up included), attributing
 * bundle lines to source files.
 */
export function summarizeProfile(profileFile: string, bundle: string, calls: number, focus: string): ProfileSummary {
  const profile = JSON.parse(readFileSync(profileFile, "utf8")) as CpuProfile;
  const fileOfLine = bundleFileMap(bundle);
  const bundleUrl = pathToFileURL(bundle).href;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const fileOf = (id: number) => {
    const { url, lineNumber, functionName } = nodes.get(id)?.callFrame ?? { url: "", lineNumber: 0, functionName: "" };
    if (url === bundleUrl) return fileOfLine(lineNumber);
    return url === "" ? `(${functionName})` : url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\//, "");
  };
  const byFile = new Map<string, number>();
  const byFocus = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const us = profile.timeDeltas[index] ?? 0;
    const file = fileOf(id);
    byFile.set(file, (byFile.get(file) ?? 0) + us);
    if (file === "((idle))" || file === "((program))") return;
    busy += us;
    let owner = `(outside ${focus})`;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = fileOf(cur);
      if (f.includes(focus)) {
        owner = `${f} ${nodes.get(cur)?.callFrame.functionName || "(anonymous)"}`;
        break;
      }
    }
    byFocus.set(owner, (byFocus.get(owner) ?? 0) + us);
  });
  return { busyUsPerCall: busy / calls, byFile: top(byFile, calls, 25), byFocusFunction: top(byFocus, calls, 30) };
}
