/** The report page's stylesheet: light, readable, print-friendly. */
export const REPORT_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --ok: #1a7f37; --fail: #cf222e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); }
h1 { margin: 0; font-size: 24px; }
h2 { font-size: 17px; margin: 24px 0 8px; }
.meta, .note { color: var(--muted); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
ul { padding-left: 0; list-style: none; }
.invariants li { margin: 2px 0; }
.invariants .mark { display: inline-block; width: 1.2em; font-weight: bold; }
.invariants .ok .mark { color: var(--ok); }
.invariants .fail .mark { color: var(--fail); }
.phases { display: flex; flex-wrap: wrap; gap: 6px 18px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: -1px; border: 1px solid var(--line); }
.phase-0 { background: rgba(46,160,67,0.35); } .phase-1 { background: rgba(210,153,34,0.45); }
.phase-2 { background: rgba(219,109,40,0.45); } .phase-3 { background: rgba(207,34,46,0.45); }
.phase-4 { background: rgba(130,80,223,0.4); } .phase-5 { background: rgba(31,111,235,0.4); }
table.summary { border-collapse: collapse; width: 100%; }
table.summary th, table.summary td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: right; white-space: nowrap; }
table.summary th:first-child, table.summary td:first-child, table.summary th:last-child, table.summary td:last-child { text-align: left; }
table.summary td:last-child { white-space: normal; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; margin-top: 16px; }
.chart { position: relative; height: 280px; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
.chart.wide { grid-column: 1 / -1; }
#span-tree { border: 1px solid var(--line); border-radius: 6px; padding: 8px; font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
.span-row { display: grid; grid-template-columns: 300px 1fr; align-items: center; min-height: 22px; }
.span-label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.span-lane { position: relative; height: 16px; background: #f6f8fa; }
.span-bar { position: absolute; top: 0; height: 16px; background: #54aeff; color: #0b2a4a; font-size: 10px; line-height: 16px; padding-left: 3px; white-space: nowrap; overflow: visible; }
.span-error .span-bar { background: #ff8182; }
.span-event { position: absolute; top: -2px; width: 2px; height: 20px; background: #bf3989; }
.span-attrs { grid-column: 2; color: var(--muted); font-size: 11px; padding: 0 0 4px; overflow-wrap: anywhere; }
@media print { .chart { break-inside: avoid; } }
`;
