/**
 * @outbound/soak: a long run of the generated clients under the conformance fault mix, measuring what must not
 * drift over months of traffic. The `soak` script prints the report; a small run is a test.
 */

export { faultPlans } from "./fault-mix.js";
export { runSoak, SOAK_CANARY } from "./run-soak.js";
export type { ResolvedSoakOptions, SoakOptions } from "./soak-options.js";
export { DEFAULT_SOAK_OPTIONS, resolveSoakOptions } from "./soak-options.js";
export type { SoakReport } from "./soak-report.js";
export { brokenInvariants, formatSoakReport } from "./soak-report.js";
