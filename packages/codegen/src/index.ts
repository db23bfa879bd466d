export { analyzeSpec } from "./analyze-spec.js";
export { applyOverlay, type OverlayResult } from "./apply-overlay.js";
export {
  type Classification,
  type ClassifyInput,
  classifyOperation,
  IDEMPOTENT_METHODS,
} from "./classify-operation.js";
export { type CliIo, processIo } from "./cli/cli-io.js";
export { runCli } from "./cli/run-cli.js";
export type { BreakingChange, BreakingKind } from "./diff/breaking-change.js";
export { diffSpecs } from "./diff/diff-specs.js";
export { type EnforceInput, enforceRetryRules } from "./enforce-retry-rules.js";
export {
  type GenerateOptions,
  type GenerateResult,
  generateClient,
  type RenderedClient,
  renderClient,
} from "./generate.js";
export {
  GenerationError,
  type GenerationErrorCode,
  isGenerationError,
  type SourceLocation,
} from "./internal/generation-error.js";
export { loadConfig, type OutboundConfig } from "./load-config.js";
export { type LoadedSpec, loadSpec } from "./load-spec.js";
export { methodNameCandidate, type NamingInput, nameOperations } from "./name-operations.js";
export type {
  ClassCounts,
  EncodingModel,
  MediaTypeModel,
  OperationModel,
  ParameterLocation,
  ParameterModel,
  ParameterSerialization,
  ParameterStyle,
  QueryStyle,
  RequestBodyModel,
  ResponseModel,
} from "./operation-model.js";
export type { OutboundPolicy } from "./outbound-policy.js";
export {
  OUTBOUND_CONFIG_SCHEMA,
  OUTBOUND_POLICY_SCHEMA,
  parseOutboundPolicy,
  type SchemaNode,
} from "./policy-schema.js";
export type { ServerLevel, ServerModel, ServerVariableModel } from "./read-servers.js";
export { scaffoldClientPackage } from "./scaffold-client-package.js";
export type { SpecModel } from "./spec-model.js";
export { type ExtensionIndex, validateExtensions } from "./validate-extensions.js";
