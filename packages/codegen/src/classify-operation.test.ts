import { describe, expect, it } from "vitest";
import { type ClassifyInput, classifyOperation } from "./classify-operation.js";

describe("classifyOperation (RFC 9110 §9.2.2, Idempotency-Key)", () => {
  const cases: [string, ClassifyInput, ReturnType<typeof classifyOperation>][] = [
    [
      "GET",
      { method: "GET", headerParameters: [] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: GET is idempotent" },
    ],
    [
      "HEAD",
      { method: "HEAD", headerParameters: [] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: HEAD is idempotent" },
    ],
    [
      "OPTIONS",
      { method: "OPTIONS", headerParameters: [] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: OPTIONS is idempotent" },
    ],
    [
      "TRACE",
      { method: "TRACE", headerParameters: [] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: TRACE is idempotent" },
    ],
    [
      "PUT",
      { method: "PUT", headerParameters: [] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: PUT is idempotent" },
    ],
    [
      "DELETE",
      { method: "DELETE", headerParameters: ["Idempotency-Key"] },
      { class: "idempotent", reason: "RFC 9110 §9.2.2: DELETE is idempotent" },
    ],
    [
      "POST",
      { method: "POST", headerParameters: [] },
      { class: "unsafe", reason: "POST is not idempotent and no idempotency key is declared" },
    ],
    [
      "PATCH",
      { method: "PATCH", headerParameters: ["X-Other"] },
      { class: "unsafe", reason: "PATCH is not idempotent and no idempotency key is declared" },
    ],
    [
      "POST + Idempotency-Key",
      { method: "POST", headerParameters: ["Idempotency-Key"] },
      { class: "keyed", idempotencyHeader: "Idempotency-Key", reason: "Idempotency-Key header parameter" },
    ],
    [
      "POST + idempotency-key (any case)",
      { method: "POST", headerParameters: ["x", "IDEMPOTENCY-KEY"] },
      { class: "keyed", idempotencyHeader: "IDEMPOTENCY-KEY", reason: "IDEMPOTENCY-KEY header parameter" },
    ],
    [
      "POST + x-outbound idempotencyKey",
      { method: "POST", idempotencyKey: "X-Request-Key", headerParameters: [] },
      { class: "keyed", idempotencyHeader: "X-Request-Key", reason: "x-outbound idempotencyKey: X-Request-Key" },
    ],
    [
      "x-outbound key wins over the spec's header",
      { method: "PATCH", idempotencyKey: "X-Key", headerParameters: ["Idempotency-Key"] },
      { class: "keyed", idempotencyHeader: "X-Key", reason: "x-outbound idempotencyKey: X-Key" },
    ],
    [
      "POST + idempotent: true",
      { method: "POST", idempotent: true, headerParameters: ["Idempotency-Key"] },
      { class: "idempotent", reason: "x-outbound idempotent: true" },
    ],
    [
      "GET + idempotent: false",
      { method: "GET", idempotent: false, headerParameters: [] },
      { class: "unsafe", reason: "x-outbound idempotent: false and no idempotency key is declared" },
    ],
    [
      "PUT + idempotent: false + key",
      { method: "PUT", idempotent: false, headerParameters: ["Idempotency-Key"] },
      { class: "keyed", idempotencyHeader: "Idempotency-Key", reason: "Idempotency-Key header parameter" },
    ],
  ];
  it.each(cases)("%s", (_, input, expected) => {
    expect(classifyOperation(input)).toEqual(expected);
  });
});
