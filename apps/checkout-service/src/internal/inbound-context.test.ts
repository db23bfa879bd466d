import { describe, expect, it } from "vitest";
import { readInboundContext } from "./inbound-context.js";

const now = 1_800_000_000_000;

describe("readInboundContext", () => {
  it("keeps the caller's request id and a shorter inbound deadline", () => {
    const headers = new Headers({ "x-request-id": "req-42", "x-outbound-timeout-ms": "2500" });
    expect(readInboundContext(headers, 10_000, now)).toEqual({
      requestId: "req-42",
      deadlineAt: now + 2_500,
      budgetMs: 2_500,
    });
  });

  it("never lets a caller extend the service's own budget", () => {
    const headers = new Headers({ "x-outbound-timeout-ms": "600000" });
    expect(readInboundContext(headers, 10_000, now)).toMatchObject({ deadlineAt: now + 10_000, budgetMs: 10_000 });
  });

  it("makes a UUID v4 request id when the caller sent none, and ignores a malformed deadline", () => {
    const context = readInboundContext(new Headers({ "x-outbound-timeout-ms": "soon" }), 10_000, now);
    expect(context.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(context.deadlineAt).toBe(now + 10_000);
  });
});
