import type { HttpMethod, OperationClass } from "./internal/contract-types.js";

/** Methods RFC 9110 §9.2.2 defines as idempotent. */
export const IDEMPOTENT_METHODS: readonly HttpMethod[] = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"];

/** What classification looks at. */
export interface ClassifyInput {
  /** Upper-case HTTP method. */
  readonly method: HttpMethod;
  /** Effective `x-outbound.idempotent`, when any level sets it. */
  readonly idempotent?: boolean | undefined;
  /** Effective `x-outbound.idempotencyKey`, when any level sets it. */
  readonly idempotencyKey?: string | undefined;
  /** Names of the operation's header parameters (path-item level included), as the spec spells them. */
  readonly headerParameters: readonly string[];
}

/** The class of an operation, the header that carries its key, and why. */
export interface Classification {
  readonly class: OperationClass;
  /** Present exactly when `class` is `keyed`. */
  readonly idempotencyHeader?: string;
  /** One phrase for summaries and JSDoc, e.g. `RFC 9110 §9.2.2: PUT is idempotent`. */
  readonly reason: string;
}

/**
 * Classifies an operation:
 * - `idempotent`: `x-outbound.idempotent: true`, or an idempotent method (RFC 9110 §9.2.2) unless
 *   `x-outbound.idempotent: false` says otherwise;
 * - `keyed`: otherwise, when `x-outbound.idempotencyKey` names a header or the spec declares a header parameter
 *   named `Idempotency-Key` in any case (IETF draft-ietf-httpapi-idempotency-key-header);
 * - `unsafe`: everything else.
 */
export function classifyOperation(input: ClassifyInput): Classification {
  if (input.idempotent === true) return { class: "idempotent", reason: "x-outbound idempotent: true" };
  if (input.idempotent === undefined && IDEMPOTENT_METHODS.includes(input.method)) {
    return { class: "idempotent", reason: `RFC 9110 §9.2.2: ${input.method} is idempotent` };
  }
  if (input.idempotencyKey !== undefined) {
    return {
      class: "keyed",
      idempotencyHeader: input.idempotencyKey,
      reason: `x-outbound idempotencyKey: ${input.idempotencyKey}`,
    };
  }
  const header = input.headerParameters.find((name) => name.toLowerCase() === "idempotency-key");
  if (header !== undefined) return { class: "keyed", idempotencyHeader: header, reason: `${header} header parameter` };
  const why = input.idempotent === false ? "x-outbound idempotent: false" : `${input.method} is not idempotent`;
  return { class: "unsafe", reason: `${why} and no idempotency key is declared` };
}
