/**
 * The parts of the @outbound/resilience contract (its `generated` door) the generator writes into
 * operations.gen.ts, imported as types only (erased at run time): the generator needs no runtime package, and
 * the metadata it reasons about cannot drift from what the runtime reads.
 */
export type {
  AnswerKind,
  HttpMethod,
  OperationClass,
  PaginationMeta,
  RetryPolicy,
  StreamMeta,
  TimeoutPolicy,
} from "@outbound/resilience/generated";
