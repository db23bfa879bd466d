export {
  type CallJournal,
  createCallJournal,
  type JournalBreakerEvent,
  type JournalCall,
} from "./internal/call-journal.js";
export { type DownstreamCall, downstreamCallsOf } from "./internal/downstream-calls.js";
export { formatTour } from "./internal/format-tour.js";
export { type LedgerFigures, ledgerFigures, openSocketsAfterClose } from "./internal/ledger-figures.js";
export { type DemoOrder, type OrderAnswer, placeOrder } from "./internal/place-order.js";
export { renderReport } from "./internal/report/render-report.js";
export type {
  LatencySeries,
  ReportData,
  ReportInvariant,
  ReportPhase,
  ReportSpan,
} from "./internal/report/report-data.js";
export {
  DOWNSTREAM_NAMES,
  type DownstreamName,
  type Stack,
  type StackOptions,
  specPath,
  startStack,
} from "./internal/start-stack.js";
export { runTour, TOUR_STEPS, type TourStop } from "./internal/tour.js";
