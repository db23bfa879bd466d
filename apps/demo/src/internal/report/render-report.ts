import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PAGE_SCRIPT } from "./page-script.js";
import type { ReportData } from "./report-data.js";
import { REPORT_STYLE } from "./report-style.js";

/** Chart.js's self-contained UMD build, read from the installed package (the report embeds it: no network). */
function chartJsBundle(): string {
  const entry = createRequire(import.meta.url).resolve("chart.js");
  return readFileSync(join(dirname(entry), "chart.umd.min.js"), "utf8");
}

/** Escapes text for HTML element content and attribute values. */
function html(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a `<script>` element: no `</script>`, `<!--` or U+2028/2029 can close or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function summaryTable(data: ReportData): string {
  const columns = [...new Set(data.summary.flatMap((row) => Object.keys(row)))];
  const head = columns.map((c) => `<th>${html(c)}</th>`).join("");
  const rows = data.summary
    .map((row) => `<tr>${columns.map((c) => `<td>${html(row[c] ?? "")}</td>`).join("")}</tr>`)
    .join("\n");
  return `<table class="summary"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function invariantList(data: ReportData): string {
  return data.invariants
    .map(
      (inv) =>
        `<li class="${inv.ok ? "ok" : "fail"}"><span class="mark">${inv.ok ? "✓" : "✗"}</span> <b>${html(inv.name)}</b>: ${html(inv.value)} <span class="note">${html(inv.note)}</span></li>`,
    )
    .join("\n");
}

function phaseLegend(data: ReportData): string {
  return data.phases
    .map(
      (p, i) =>
        `<li><span class="swatch phase-${i % 6}"></span>${html(p.label)} <span class="note">${p.startS.toFixed(0)}–${p.endS.toFixed(0)} s</span></li>`,
    )
    .join("");
}

/**
 * Renders the demo report as one self-contained HTML page (Chart.js and the data inlined; it opens from disk
 * without any network): summary and invariants, latency percentiles over time per downstream, attempts per call,
 * the breaker state timeline against the phases, orders per second by answer, and the span tree of one order
 * that needed retries.
 */
export function renderReport(data: ReportData): string {
  const latencyCanvases = data.downstreams
    .map((name) => `<div class="chart"><canvas id="latency-${html(name)}"></canvas></div>`)
    .join("\n");
  const tree =
    data.spanTree === undefined
      ? ""
      : ` — order <code>${html(data.spanTree.orderId)}</code>, x-request-id <code>${html(data.spanTree.requestId)}</code>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(data.title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<header>
  <h1>${html(data.title)}</h1>
  <p class="meta">${html(data.generatedAt)} · ${html(data.durationS)} s at ${html(data.ratePerS)} orders/s · seed ${html(data.seed)}</p>
</header>
<section>
  <h2>Invariants</h2>
  <ul class="invariants">${invariantList(data)}</ul>
  <h2>Per downstream</h2>
  ${summaryTable(data)}
  <h2>Phases</h2>
  <ul class="phases">${phaseLegend(data)}</ul>
</section>
<section class="grid">
${latencyCanvases}
  <div class="chart"><canvas id="attempts"></canvas></div>
  <div class="chart"><canvas id="breaker"></canvas></div>
  <div class="chart wide"><canvas id="orders"></canvas></div>
</section>
<section>
  <h2>Span tree of an order that needed retries${tree}</h2>
  <div id="span-tree"></div>
</section>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${chartJsBundle()}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}
