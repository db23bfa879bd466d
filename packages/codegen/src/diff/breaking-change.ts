/** Kinds of breaking change `outbound diff` reports. */
export type BreakingKind =
  | "operation-removed"
  | "response-field-removed"
  | "parameter-required"
  | "request-field-required"
  | "type-narrowed"
  | "enum-shrunk"
  | "class-less-safe"
  | "idempotency-header-changed";

/** One breaking change between two versions of a spec. */
export interface BreakingChange {
  readonly kind: BreakingKind;
  /** `METHOD /path` of the operation it affects. */
  readonly operation: string;
  /**
   * JSON pointer of the place: in the new spec for what changed or appeared, in the old spec for what is gone
   * (`operation-removed`, `response-field-removed`).
   */
  readonly pointer: string;
  /** One sentence for people. */
  readonly detail: string;
}
