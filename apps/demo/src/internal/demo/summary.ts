import pc from "picocolors";
import type { LedgerFigures } from "../ledger-figures.js";
import { describeFeed, type PaymentFeed } from "../payment-feed.js";
import { describeWalk, type PaymentsWalk } from "../payments-walk.js";
import type { ReportInvariant } from "../report/report-data.js";
import type { DriverState } from "./load-driver.js";
import { type DownstreamStats, formatCodes, orderStats } from "./run-stats.js";

/** The summary table rows, one per downstream (also the report's table). */
export function summaryRows(
  stats: readonly DownstreamStats[],
  otelAttempts: Readonly<Record<string, number>>,
): Record<string, string | number>[] {
  return stats.map((s) => ({
    downstream: s.name,
    calls: s.calls,
    attempts: s.attempts,
    "attempts (OTel metric)": otelAttempts[s.name] ?? 0,
    retries: s.retries,
    "failed fast": s.failedFast,
    "breaker opened": s.breakerOpened,
    "failures by code": formatCodes(s.failuresByCode),
  }));
}

/** Renders rows as an aligned text table (numbers right-aligned). */
export function textTable(rows: readonly Record<string, string | number>[]): string[] {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const cell = (value: string | number | undefined, i: number) =>
    typeof value === "number" ? String(value).padStart(widths[i] ?? 0) : String(value ?? "").padEnd(widths[i] ?? 0);
  return [
    pc.dim(columns.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")),
    ...rows.map((r) =>
      columns
        .map((c, i) => cell(r[c], i))
        .join("  ")
        .trimEnd(),
    ),
  ];
}

/**
 * Orders payments charged whose last answer to the client was not a confirmation: the client stopped retrying
 * while the payment outcome was unknown to it (a timeout after payments committed, then the breaker open). Its
 * next retry with the same order id confirms the order with the same charge.
 */
export function unconfirmedCharges(figures: LedgerFigures, state: DriverState): number {
  const confirmed = new Set(
    state.orders.filter((o) => [200, 201].includes(o.answers[o.answers.length - 1]?.status ?? 0)).map((o) => o.orderId),
  );
  return figures.chargedOrderIds.filter((id) => !confirmed.has(id)).length;
}

/**
 * The closing summary: orders, checkout-service's paged walk over payments' charges (pages, token requests), one
 * order's payment events (healthy and stalled), the per-downstream table, and each invariant with its figure.
 */
export function formatSummary(
  run: {
    readonly state: DriverState;
    readonly rows: readonly Record<string, string | number>[];
    readonly unconfirmed: number;
    readonly walk: PaymentsWalk;
    readonly feed: PaymentFeed;
  },
  invariants: readonly ReportInvariant[],
): string[] {
  const { state, rows, unconfirmed, walk, feed } = run;
  const orders = orderStats(state);
  const statuses = Object.entries(orders.byStatus)
    .sort()
    .map(([status, n]) => `${status}: ${n}`)
    .join(" · ");
  return [
    "",
    pc.bold("Summary"),
    `Orders  ${orders.sent} sent, ${orders.answered} answered (${statuses || "—"}), ${orders.clientRetries} retried by the client with the same order id`,
    `        ${unconfirmed} charged but not yet confirmed to the client (payment outcome unknown when it stopped retrying; the same order id confirms them, same charge)`,
    `Payments ${describeWalk(walk)}`,
    `Events  ${feed.healthy.orderId} via checkout-service: ${describeFeed(feed).join("; ")}`,
    "",
    ...textTable(rows),
    "",
    pc.bold("Invariants"),
    ...invariants.map(
      (inv) =>
        `${inv.ok ? pc.green("✓") : pc.red("✗")} ${inv.name.padEnd(38)} ${String(inv.value).padStart(4)}  ${pc.dim(inv.note)}`,
    ),
  ];
}
