import type { OperationMeta } from "./runtime.js";

/** Operation metadata as codegen would emit it, for tests. */
export function op(
  operationId: string,
  method: OperationMeta["method"],
  path: string,
  cls: OperationMeta["class"],
  extra: Partial<OperationMeta> = {},
): OperationMeta {
  return Object.freeze({
    operationId,
    method,
    path,
    class: cls,
    ...(cls === "keyed" ? { idempotencyHeader: "Idempotency-Key" } : {}),
    ...extra,
  });
}

/** Runs a raw request through `downstream.call` the way a generated method does. */
export function requestOf(url: string, init: RequestInit = {}): Request {
  return new Request(url, init);
}
