/** What a soak run measured. The first five figures are invariants that must be zero. */
export interface SoakReport {
  /** Logical calls asked for, and made (fewer when `maxDurationMs` stopped the run). */
  readonly callsPlanned: number;
  readonly callsMade: number;
  readonly durationMs: number;
  readonly ratePerSecond: number;
  readonly concurrency: number;
  /** Requests the servers received (attempts that reached them). */
  readonly requestsReceived: number;
  /** Faults the servers applied, by kind (`pass` included). */
  readonly faults: readonly (readonly [string, number])[];
  /** Side effects committed: charges and messages. */
  readonly sideEffects: number;
  /** Requests whose side effect was committed and then answered with a fault (reset, 5xx): the dangerous case. */
  readonly sideEffectThenFailure: number;
  /** Side effects beyond the first per logical call (Idempotency-Key for charges, body marker for messages). */
  readonly duplicateSideEffects: number;
  /** Calls that settled later than their deadline + 100 ms. */
  readonly callsPastDeadline: number;
  /** The slowest call's time past its deadline in ms (negative: every call settled before its deadline). */
  readonly worstOverrunMs: number;
  /** Client connections the servers still saw open at the end (keep-alive, before the pool closed). */
  readonly socketsOpenAtEnd: number;
  /** Pool capacity: connections per origin × origins. */
  readonly poolSize: number;
  readonly socketsBeyondPool: number;
  /** Connections still open 1 s after the transport closed. */
  readonly socketsAfterClose: number;
  /** `abort` listeners left on the callers' signals (the long-lived shared one and every per-call one). */
  readonly listenersLeftOnCallerSignals: number;
  /** Heap after a full GC: after the first batch, at the end, and the difference, in MiB. */
  readonly heapBaselineMb: number;
  readonly heapEndMb: number;
  readonly heapGrowthMb: number;
  /** How calls ended: `HTTP <status>` values, error codes (`NETWORK` with its system code). */
  readonly outcomes: readonly (readonly [string, number])[];
  /** Errors that were not OutboundErrors (a defect if any). */
  readonly unexpectedErrors: number;
  /** Errors whose renderings contained the canary credentials. */
  readonly canaryLeaks: number;
}

/** Names of the invariants a report breaks (empty when the run is clean). */
export function brokenInvariants(report: SoakReport): string[] {
  const checks: [string, boolean][] = [
    ["duplicate side effects", report.duplicateSideEffects === 0],
    ["calls past deadline + 100 ms", report.callsPastDeadline === 0],
    ["sockets beyond the pool", report.socketsBeyondPool === 0],
    ["listeners left on caller signals", report.listenersLeftOnCallerSignals === 0],
    ["unexpected errors", report.unexpectedErrors === 0],
    ["canary leaks", report.canaryLeaks === 0],
  ];
  return checks.filter(([, ok]) => !ok).map(([name]) => name);
}

const mb = (value: number): string => `${value >= 0 ? "+" : ""}${value.toFixed(1)} MiB`;
const list = (pairs: readonly (readonly [string, number])[]): string =>
  pairs.map(([label, count]) => `${label} ${count}`).join(", ");

/** The report as the lines the `soak` script prints. */
export function formatSoakReport(report: SoakReport): string {
  const broken = brokenInvariants(report);
  return [
    `calls: ${report.callsMade} of ${report.callsPlanned} in ${(report.durationMs / 1000).toFixed(1)} s (${report.ratePerSecond}/s, at most ${report.concurrency} in flight; ${report.requestsReceived} requests received)`,
    `faults applied: ${list(report.faults)}`,
    `side effects committed: ${report.sideEffects} (${report.sideEffectThenFailure} of them answered with a reset or 5xx)`,
    `duplicate side effects: ${report.duplicateSideEffects}`,
    `calls past deadline + 100 ms: ${report.callsPastDeadline} (worst: ${report.worstOverrunMs.toFixed(1)} ms past the deadline)`,
    `sockets open at the end: ${report.socketsOpenAtEnd} (pool ${report.poolSize}, beyond the pool ${report.socketsBeyondPool}; after close ${report.socketsAfterClose})`,
    `listeners left on caller signals: ${report.listenersLeftOnCallerSignals}`,
    `heap: ${report.heapBaselineMb.toFixed(1)} MiB after the first batch, ${report.heapEndMb.toFixed(1)} MiB at the end (growth ${mb(report.heapGrowthMb)})`,
    `outcomes: ${list(report.outcomes)}`,
    `unexpected errors: ${report.unexpectedErrors}; canary leaks: ${report.canaryLeaks}`,
    broken.length === 0 ? "invariants: all hold" : `invariants broken: ${broken.join(", ")}`,
  ].join("\n");
}
