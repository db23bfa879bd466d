export type {
  CommitOption,
  EmptyBodyFault,
  Fault,
  FaultKind,
  FaultPlan,
  FaultPlanFile,
  FaultTiming,
  HangFault,
  MalformedJsonFault,
  PassFault,
  RandomPlan,
  ResetAfterHeadersFault,
  ResetFault,
  RespondFault,
  RetryAfterValue,
  RouteSelector,
  ScriptPlan,
  ScriptStep,
  StreamFault,
  TimelinePlan,
  TruncatedBodyFault,
} from "./fault-plan.js";
export { getClosedPort } from "./get-closed-port.js";
export type { SeedCollection } from "./internal/paged-list.js";
export type { TokenVerifier } from "./internal/token-guard.js";
export type { OAuthTokenEndpoint, OAuthTokenEndpointOptions, TokenRequestRecord } from "./oauth-token-endpoint.js";
export { startOAuthTokenEndpoint } from "./oauth-token-endpoint.js";
export { parseFaultPlanFile, validateFaultPlan } from "./parse-fault-plan.js";
export type { RecordedPart, RecordedRequest, RequestOutcome } from "./recorded-request.js";
export type { LedgerEntry, SideEffectLedger } from "./side-effect-ledger.js";
export type { ConcurrencySnapshot, ContentCoding, StartTestServerOptions, TestServer } from "./start-test-server.js";
export { startTestServer } from "./start-test-server.js";
export type { TestkitErrorCode } from "./testkit-error.js";
export { isTestkitError, TestkitError } from "./testkit-error.js";
