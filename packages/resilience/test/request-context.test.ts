/** Deadline propagation: the time left travels downstream and bounds the next service's own calls. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { looseClient } from "./support/client.js";
import { op } from "./support/operations.js";
import {
  createDownstream,
  createTransport,
  currentRequestContext,
  isDeadlineExceededError,
  readInboundDeadline,
  readInboundRequestId,
  runWithRequestContext,
} from "./support/runtime.js";
import { delay, json, startTestServer, type TestServer } from "./support/test-server.js";

describe("readInboundDeadline / readInboundRequestId", () => {
  it.each<[Record<string, string | string[]>, number | undefined]>([
    [{ "x-outbound-timeout-ms": "1500" }, 1_001_500],
    [{ "X-Outbound-Timeout-Ms": "0" }, 1_000_000],
    [{ "x-outbound-timeout-ms": ["250", "900"] }, 1_000_250],
    [{ "x-outbound-timeout-ms": "-1" }, undefined],
    [{ "x-outbound-timeout-ms": "1.5" }, undefined],
    [{ "x-outbound-timeout-ms": "soon" }, undefined],
    [{}, undefined],
  ])("%j → %j", (headers, expected) => {
    expect(readInboundDeadline(headers, { now: 1_000_000 })).toBe(expected);
  });

  it("reads Fetch API Headers and a custom header name", () => {
    expect(readInboundDeadline(new Headers({ "grpc-ish": "40" }), { header: "grpc-ish", now: 10 })).toBe(50);
    expect(readInboundRequestId(new Headers({ "x-request-id": " r-9 " }))).toBe("r-9");
    expect(readInboundRequestId({ "x-request-id": "" })).toBeUndefined();
  });

  it("nests contexts keeping the earlier deadline", () => {
    runWithRequestContext({ requestId: "outer", deadlineAt: 100 }, () => {
      runWithRequestContext({ deadlineAt: 500 }, () => {
        expect(currentRequestContext()).toEqual({ requestId: "outer", deadlineAt: 100 });
      });
    });
    expect(currentRequestContext()).toBeUndefined();
  });
});

describe("checkout → inventory, deadline propagated across two real services", () => {
  const transport = createTransport();
  const getStock = op("getStock", "GET", "/stock/{sku}", "idempotent");
  let inventory: TestServer;
  let checkout: ReturnType<typeof createServer>;
  let checkoutUrl = "";
  const outcomes: unknown[] = [];

  beforeAll(async () => {
    inventory = await startTestServer(async (_req, res) => {
      await delay(400);
      json(res, 200, { onHand: 7 });
    });
    const downstream = createDownstream({ name: "inventory", transport }, [getStock]);
    // checkout-service: reads the inbound deadline and request id, then calls inventory inside that context.
    checkout = createServer((req: IncomingMessage, res) => {
      const deadlineAt = readInboundDeadline(req.headers);
      const requestId = readInboundRequestId(req.headers);
      void runWithRequestContext(
        { ...(deadlineAt === undefined ? {} : { deadlineAt }), ...(requestId === undefined ? {} : { requestId }) },
        () =>
          downstream.call(getStock, undefined, (fetch) => looseClient(inventory.url).GET("/stock/sku-1", { fetch })),
      ).then(
        (r) => json(res, 200, r.data),
        (error: unknown) => {
          outcomes.push(error);
          json(res, 504, { code: (error as { code?: string }).code });
        },
      );
    });
    await new Promise<void>((resolve) => checkout.listen(0, "127.0.0.1", resolve));
    checkoutUrl = `http://127.0.0.1:${(checkout.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await inventory.close();
    await new Promise((resolve) => checkout.close(resolve));
    await transport.close();
  });

  it("never lets checkout's outbound call outlive the 200 ms its caller gave it", async () => {
    const started = performance.now();
    const response = await fetch(`${checkoutUrl}/checkout`, {
      headers: { "x-outbound-timeout-ms": "200", "x-request-id": "edge-1" },
    });
    const elapsed = performance.now() - started;
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({ code: "DEADLINE_EXCEEDED" });
    expect(elapsed).toBeLessThan(400);
    expect(isDeadlineExceededError(outcomes.at(-1))).toBe(true);
    const seen = inventory.requests.at(-1);
    expect(seen?.headers["x-request-id"]).toBe("edge-1");
    const propagated = Number(seen?.headers["x-outbound-timeout-ms"]);
    expect(propagated).toBeGreaterThan(100);
    expect(propagated).toBeLessThanOrEqual(200);
  });
});
