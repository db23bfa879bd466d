import { getDefaultTransport, type Transport } from "../transport.js";
import type { ResolvedDownstreamOptions } from "./resolve-options.js";

/** The per-downstream state shared by every call: options, transport and (later) policies. */
export interface DownstreamRuntime {
  readonly resolved: ResolvedDownstreamOptions;
  /** The transport to use now (the process-wide default is looked up per attempt, so it survives a close). */
  transport(): Transport;
}

/** Builds the runtime state of one downstream. */
export function createDownstreamRuntime(resolved: ResolvedDownstreamOptions): DownstreamRuntime {
  return {
    resolved,
    transport: () => resolved.transport ?? getDefaultTransport(),
  };
}
