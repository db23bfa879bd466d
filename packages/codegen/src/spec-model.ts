import type { SecuritySchemeModel } from "./collect-security-schemes.js";
import type { LoadedSpec } from "./load-spec.js";
import type { OperationModel } from "./operation-model.js";
import type { ServerModel } from "./read-servers.js";

/**
 * One spec after load → overlay → analyze → enforce: everything the emitters and `outbound diff` read. Built by
 * `analyzeSpec` from one walk of `paths`; the document it was read from is never changed (openapi-typescript gets
 * a copy, see document-for-types.ts).
 */
export interface SpecModel {
  readonly loaded: LoadedSpec;
  /**
   * The bundled document with the overlay applied, for what the model points into (schemas by JSON pointer) and
   * for openapi-typescript's copy. Read only.
   */
  readonly document: Readonly<Record<string, unknown>>;
  /** Downstream name (`specs/<name>`; default the spec's folder name), used by the runtime in errors and spans. */
  readonly name: string;
  /** PascalCase of the name (`Spec` before a leading digit, `Api` when it has no word): `create<PascalName>Client`. */
  readonly pascalName: string;
  /** `info.title` trimmed, or the name when it has none. */
  readonly title: string;
  /** The root `servers` (OpenAPI 3.1 §4.8.1), in spec order; each operation lists the ones that apply to it. */
  readonly servers: readonly ServerModel[];
  /** The security schemes a client can send credentials for, in spec order (see collect-security-schemes.ts). */
  readonly securitySchemes: readonly SecuritySchemeModel[];
  /** Every operation, classified, with its policy and method name, in document order (paths, then methods as written). */
  readonly operations: readonly OperationModel[];
  /** Non-fatal notes: the loader's (components renamed while bundling), then the overlay's (actions that matched nothing). */
  readonly warnings: readonly string[];
}
