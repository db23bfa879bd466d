import type { SourceLocation } from "./internal/generation-error.js";
import { OUTBOUND_POLICY_KEYS, type OutboundPolicy } from "./outbound-policy.js";

/** Where a policy layer comes from, highest precedence first. */
export type PolicyLevel = "config operation" | "operation" | "path item" | "root" | "config defaults";

/** One level of policy that applies to an operation. */
export interface PolicyLayer {
  readonly level: PolicyLevel;
  readonly policy: OutboundPolicy;
  /** Where the layer is written (file and JSON pointer of its object); computed only for messages. */
  readonly where: () => SourceLocation;
}

/** The policy in force for an operation, and the layer each key came from. */
export interface ResolvedPolicy {
  readonly policy: OutboundPolicy;
  readonly origin: Readonly<Partial<Record<keyof OutboundPolicy, PolicyLayer>>>;
}

/**
 * Merges layers given highest precedence first: per key, the first layer that sets it wins as a whole
 * (a nearer `retry` replaces a farther one; it is not deep-merged, so what you read is what applies).
 */
export function resolvePolicy(layers: readonly PolicyLayer[]): ResolvedPolicy {
  const policy: Record<string, unknown> = {};
  const origin: Partial<Record<keyof OutboundPolicy, PolicyLayer>> = {};
  for (const key of OUTBOUND_POLICY_KEYS) {
    const layer = layers.find((l) => l.policy[key] !== undefined);
    if (layer) {
      policy[key] = layer.policy[key];
      origin[key] = layer;
    }
  }
  return { policy: policy as OutboundPolicy, origin };
}
