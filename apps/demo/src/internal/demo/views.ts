import type { BreakerState } from "@outbound/resilience";
import logUpdate from "log-update";
import pc from "picocolors";
import type { Stack } from "../start-stack.js";
import type { DriverState } from "./load-driver.js";
import type { ScheduledPhase } from "./phases.js";
import { downstreamStats, formatCodes, orderStats } from "./run-stats.js";

/** What a view shows in its header. */
export interface ViewContext {
  readonly stack: Stack;
  readonly state: DriverState;
  readonly phases: readonly ScheduledPhase[];
  readonly seed: number;
  readonly ratePerS: number;
  readonly durationMs: number;
}

/** A view of the run: told when a phase starts, refreshed on its own, finished once. */
export interface DemoView {
  phaseStarted(phase: ScheduledPhase): void;
  finish(): void;
}

const BAR_WIDTH = 30;

function breakerText(state: BreakerState, width = 0): string {
  const text = state.padEnd(width);
  if (state === "open") return pc.red(text);
  if (state === "half-open") return pc.yellow(text);
  return pc.green(text);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function statusText(byStatus: Readonly<Record<string, number>>): string {
  const entries = Object.entries(byStatus).sort();
  return entries.length === 0 ? "—" : entries.map(([status, n]) => `${status}: ${n}`).join(" · ");
}

/** Time since the run started, in ms, at most the run's duration. */
function elapsedOf(context: ViewContext): number {
  return Math.min(context.durationMs, Math.max(context.state.elapsedMs, performance.now() - context.state.startedAt));
}

/** The frame of the live view. */
export function renderFrame(context: ViewContext): string {
  const { state } = context;
  const elapsedMs = elapsedOf(context);
  const progress = Math.min(1, elapsedMs / context.durationMs);
  const filled = Math.round(progress * BAR_WIDTH);
  const phase = state.phase;
  const orders = orderStats(state);
  const rows = downstreamStats(context.stack).map(
    (s) =>
      `${s.name.padEnd(14)} ${String(s.calls).padStart(6)} ${String(s.attempts).padStart(9)} ${String(s.retries).padStart(8)} ${String(s.failedFast).padStart(10)}  ${breakerText(s.breaker, 9)} ${formatCodes(s.failuresByCode)}`,
  );
  return [
    pc.bold(`Outbound demo · seed ${context.seed} · ${context.ratePerS} orders/s · ${seconds(context.durationMs)}`),
    `Phase ${phase === undefined ? "-" : phase.index + 1}/${context.phases.length} ${pc.cyan(phase?.label ?? "starting")}`,
    `[${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}] ${String(Math.round(progress * 100)).padStart(3)}%  ${seconds(elapsedMs)} / ${seconds(context.durationMs)}`,
    `Orders  sent ${orders.sent} · answered ${orders.answered} · in flight ${orders.inFlight} · client retries ${orders.clientRetries}`,
    `        ${statusText(orders.byStatus)}`,
    "",
    pc.dim(
      `${"downstream".padEnd(14)} ${"calls".padStart(6)} ${"attempts".padStart(9)} ${"retries".padStart(8)} ${"fast-fail".padStart(10)}  ${"breaker".padEnd(9)} failures by code`,
    ),
    ...rows,
  ].join("\n");
}

/** The live view for a terminal: one frame redrawn in place every `refreshMs`. */
export function createLiveView(context: ViewContext, refreshMs = 200): DemoView {
  const timer = setInterval(() => logUpdate(renderFrame(context)), refreshMs);
  timer.unref();
  return {
    phaseStarted: () => logUpdate(renderFrame(context)),
    finish() {
      clearInterval(timer);
      logUpdate(renderFrame(context));
      logUpdate.done();
    },
  };
}

/** One status line for the quiet view. */
export function statusLine(context: ViewContext): string {
  const orders = orderStats(context.state);
  const payments = downstreamStats(context.stack)
    .map((s) => `${s.name} ${s.calls}/${s.attempts}/${s.retries} ${s.breaker}`)
    .join(" · ");
  return `[${seconds(elapsedOf(context)).padStart(7)}] orders ${orders.sent} sent, ${orders.answered} answered (${statusText(orders.byStatus)}) · calls/attempts/retries ${payments}`;
}

/** Quiet, line-based output for a non-TTY stdout (CI): a line per phase and a status line every `everyMs`. */
export function createQuietView(context: ViewContext, write: (line: string) => void, everyMs = 5_000): DemoView {
  const timer = setInterval(() => write(statusLine(context)), everyMs);
  timer.unref();
  return {
    phaseStarted: (phase) =>
      write(
        `[${seconds(phase.startMs).padStart(7)}] phase ${phase.index + 1}/${context.phases.length}: ${phase.label}`,
      ),
    finish() {
      clearInterval(timer);
      write(statusLine(context));
    },
  };
}
