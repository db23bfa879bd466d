import { MultiBar, Presets } from "cli-progress";
import type { CliIo } from "./cli-io.js";

/** Progress over many specs: a bar on a terminal (lines printed above it), plain lines otherwise. */
export interface Progress {
  /** Marks the start of one spec. */
  start(name: string): void;
  /** Prints a line (a summary or an error) without breaking the bar. */
  line(text: string, stream: "out" | "err"): void;
  /** Marks one spec done. */
  tick(): void;
  /** Removes the bar. */
  stop(): void;
}

/** A bar (cli-progress) when `io` has a terminal and there is more than one spec; plain lines otherwise. */
export function createProgress(io: CliIo, total: number): Progress {
  const stream = io.progressStream;
  if (stream === undefined || total < 2) {
    return { start: () => {}, line: (text, to) => io[to](text), tick: () => {}, stop: () => {} };
  }
  const bars = new MultiBar(
    {
      stream,
      format: "generating [{bar}] {value}/{total} {spec}",
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
    },
    Presets.shades_classic,
  );
  const bar = bars.create(total, 0, { spec: "" });
  // cli-progress draws on a timer and drops logged lines still buffered at stop(): redraw at once instead.
  return {
    start: (spec) => {
      bar.update({ spec });
      bars.update();
    },
    line: (text) => {
      bars.log(`${text}\n`);
      bars.update();
    },
    tick: () => {
      bar.increment();
      bars.update();
    },
    stop: () => {
      bars.update();
      bars.stop();
    },
  };
}
