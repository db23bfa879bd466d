import type { GeneratorResult, SpecGeneration } from "./generation-bench.js";
import { GENERATORS } from "./internal/generators.js";
import { mb, num, table } from "./internal/markdown.js";
import { RUNTIME_VARIANTS, VARIANT_LABELS } from "./internal/runtime-variants.js";
import type { MemoryResults } from "./memory-bench.js";
import type { BenchResults, GenerationResults } from "./results.js";
import type { RuntimeResults } from "./runtime-bench.js";
import type { TypecheckResults } from "./typecheck-bench.js";

function toolCell(r: GeneratorResult | undefined): string {
  if (r === undefined) return "–";
  return r.status === "ok"
    ? `${num(r.wallMs)} ms / ${mb(r.peakRssBytes)}`
    : `rejected (${r.reason.replace(/\|/g, "/")})`;
}

function ratioCell(spec: SpecGeneration): string {
  if (!Number.isFinite(spec.ratio)) return "–";
  const source = Number.isFinite(spec.sourceRatio) ? ` (from source: ${num(spec.sourceRatio, 2)}x wall)` : "";
  return `${num(spec.ratio, 2)}x wall, ${num(spec.rssRatio, 2)}x RSS${source}`;
}

function generationSection(generation: GenerationResults): string {
  const headers = ["spec", ...GENERATORS.map((g) => `${g.label} wall / peak RSS`), "Outbound / openapi-typescript"];
  const rows = Object.values(generation.specs).map((spec) => [
    spec.spec,
    ...GENERATORS.map((g) => toolCell(spec.tools[g.key])),
    ratioCell(spec),
  ]);
  return `## Generation (wall time and peak RSS of one CLI process)\n\n${table(headers, rows)}\n\n"–": not run on that spec (last column: one of the two tools rejected it). Stripe: Outbound (built CLI) ${num(generation.stripe.ratio, 2)}x openapi-typescript's wall time (target <= 1.25x).`;
}

function runtimeSection(runtime: RuntimeResults): string {
  const rows = RUNTIME_VARIANTS.map((variant) => {
    const f = runtime.variants[variant];
    return [
      VARIANT_LABELS[variant],
      num(f.throughput),
      num(f.p50Us / 1_000, 2),
      num(f.p99Us / 1_000, 2),
      num(f.serialP50Us),
      num(f.serialP99Us),
    ];
  });
  const headers = [
    "variant",
    `calls/s (${runtime.concurrency} callers)`,
    "p50 ms",
    "p99 ms",
    "p50 µs (1 caller)",
    "p99 µs (1 caller)",
  ];
  return `## Runtime (keep-alive server in its own process, small JSON)\n\n${table(headers, rows)}\n\n${table(
    ["figure", "value"],
    [
      ["pipeline / bare openapi-fetch throughput (target >= 1.3)", num(runtime.pipelineVsOpenapiFetch, 2)],
      ["pipeline / naive cockatiel throughput (target > 1)", num(runtime.pipelineVsCockatiel, 2)],
      ["OTel SDK recording / no-op API throughput", num(runtime.otelSdkVsNoop, 2)],
      ["added p50 latency of the policies, 1 caller (target <= 25 µs)", `${num(runtime.overheadP50Us, 1)} µs`],
      [
        "added cost per call under load (1e6/throughput difference)",
        `${num(runtime.overheadPerCallUnderLoadUs, 1)} µs`,
      ],
    ],
  )}`;
}

function typecheckSection(typecheck: TypecheckResults): string {
  const rows = Object.entries(typecheck.compilers).map(([key, f]) => [
    `TypeScript ${f.version}${key === typecheck.repoCompiler ? " (the repo's)" : ""}`,
    num(f.stripeConsumerMs),
    mb(f.stripeConsumerPeakRssBytes),
    num(f.stripeDeclarationsConsumerMs),
    num(f.openapiFetchConsumerMs),
    `${num(f.vsOpenapiFetchConsumer, 2)}x`,
  ]);
  const headers = [
    "compiler",
    "Outbound consumer, ms",
    "peak RSS",
    "same, client from declarations, ms",
    "baseline: bare openapi-fetch, ms",
    "Outbound / baseline",
  ];
  const { declarations } = typecheck;
  const declarationsLine =
    declarations.status === "ok"
      ? `Declarations of the client and of @outbound/resilience built once in ${num(declarations.buildMs)} ms with the repo's compiler.`
      : `Client from declarations: not measured (${declarations.reason.replace(/\|/g, "/")}).`;
  const overrides = Object.keys(typecheck.baseConfigOverrides).length;
  const config =
    overrides === 0
      ? "The consumers use tsconfig.base.json as-is."
      : `The consumers override tsconfig.base.json with ${JSON.stringify(typecheck.baseConfigOverrides)}.`;
  const notes =
    typecheck.notes.length === 0
      ? ""
      : `\n\nNotes: ${typecheck.notes.length} error(s) outside the consumer (workspace sources being edited): ${typecheck.notes[0]?.slice(0, 160)}…`;
  return `## Type-checking (\`tsc --noEmit\`, small consumer of the generated Stripe client)\n\n${table(headers, rows)}\n\n${declarationsLine} ${config} Target with the repo's compiler: < 1500 ms.${notes}`;
}

function memorySection(memory: MemoryResults): string {
  const rows = [
    [
      "no faults",
      mb(memory.noFaults.heapAtBaselineBytes),
      mb(memory.noFaults.heapAtEndBytes),
      mb(memory.noFaults.growthBytes),
    ],
    [
      "fault mix",
      mb(memory.faultMix.heapAtBaselineBytes),
      mb(memory.faultMix.heapAtEndBytes),
      mb(memory.faultMix.growthBytes),
    ],
  ];
  const outcomes = Object.entries(memory.faultMix.outcomes)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  return `## Memory (heap after GC, Outbound client, full pipeline)\n\n${table(
    ["mode", `heap after ${num(memory.baselineCalls)} calls`, `heap after ${num(memory.calls)} calls`, "growth"],
    rows,
  )}\n\nFault-mix outcomes (last run): ${outcomes}. Target: growth < 5 MB.`;
}

/** A target figure with the unit its key names (`…Bytes` in MB, `…Ms` in ms, `…Us` in µs; ratios bare). */
function targetValue(figure: string, value: number): string {
  if (figure.endsWith("Bytes")) return `${num(value / 1_000_000, 2)} MB`;
  if (figure.endsWith("Ms")) return `${num(value)} ms`;
  if (figure.endsWith("Us")) return `${num(value, 1)} µs`;
  return num(value, 2);
}

/** The Markdown report of a run: one table per section, then each target (see `checkTargets`) and whether it was met. */
export function renderReport(results: BenchResults): string {
  const { meta } = results;
  const sections = Object.entries(meta.sections)
    .map(
      ([name, m]) =>
        `${name} ${num(m.durationMs / 1_000)} s (${m.startedAt}, load ${num(m.loadAverageStart, 1)} → ${num(m.loadAverageEnd, 1)})`,
    )
    .join("; ");
  const parts = [
    `# Outbound benchmarks (${meta.profile})\n\n${meta.startedAt}, Node ${meta.node}, ${meta.platform}, ${meta.cpus} x ${meta.cpuModel}; load average ${num(meta.loadAverageStart, 2)} at start, ${num(meta.loadAverageEnd, 2)} at end. Each figure: median of ${meta.runs} run(s) after ${meta.warmupRuns} warm-up run(s).\n\nSections: ${sections}.${meta.notes.map((n) => `\n\n${n}`).join("")}`,
  ];
  if (results.generation !== undefined) parts.push(generationSection(results.generation));
  if (results.runtime !== undefined) parts.push(runtimeSection(results.runtime));
  if (results.typecheck !== undefined) parts.push(typecheckSection(results.typecheck));
  if (results.memory !== undefined) parts.push(memorySection(results.memory));
  parts.push(
    `## Targets\n\n${table(
      ["figure", "target", "value", "met"],
      results.targets.map((t) => [t.figure, t.target, targetValue(t.figure, t.value), t.met ? "yes" : "**no**"]),
    )}`,
  );
  return `${parts.join("\n\n")}\n`;
}
