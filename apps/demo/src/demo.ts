import { resolve } from "node:path";
import { parseArgs } from "node:util";
import pc from "picocolors";
import { DEFAULT_DEMO_OPTIONS, runDemo } from "./internal/demo/run-demo.js";

const USAGE = `Usage: demo [--duration <s>] [--rate <orders/s>] [--seed <n>] [--report <file>]
  --duration  length of the run in seconds (default ${DEFAULT_DEMO_OPTIONS.durationS})
  --rate      orders per second (default ${DEFAULT_DEMO_OPTIONS.ratePerS})
  --seed      seed of the fault schedule and the orders (default ${DEFAULT_DEMO_OPTIONS.seed})
  --report    HTML report to write (default ${DEFAULT_DEMO_OPTIONS.reportPath})`;

function number(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value))
    throw new RangeError(`--${flag} must be a number, got ${JSON.stringify(raw)}`);
  return value;
}

// The demo: a service under a failing downstream, watched live, with a report. Exit 0 when every invariant holds.
try {
  const { values } = parseArgs({
    options: {
      duration: { type: "string" },
      rate: { type: "string" },
      seed: { type: "string" },
      report: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
  } else {
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort(new Error("interrupted")));
    const result = await runDemo({
      durationS: number("duration", values.duration, DEFAULT_DEMO_OPTIONS.durationS),
      ratePerS: number("rate", values.rate, DEFAULT_DEMO_OPTIONS.ratePerS),
      seed: number("seed", values.seed, DEFAULT_DEMO_OPTIONS.seed),
      // Relative to where the user ran the command (pnpm runs scripts in the package folder, INIT_CWD is theirs).
      reportPath: resolve(process.env.INIT_CWD ?? process.cwd(), values.report ?? DEFAULT_DEMO_OPTIONS.reportPath),
      signal: abort.signal,
    });
    if (!result.ok) {
      console.error(pc.red("demo: an invariant failed (see above)"));
      process.exitCode = 1;
    }
  }
} catch (error) {
  if (!(error instanceof RangeError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS"))) throw error;
  console.error(`demo: ${(error as Error).message}\n${USAGE}`);
  process.exitCode = 2;
}
