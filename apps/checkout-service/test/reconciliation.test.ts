import { afterEach, describe, expect, it } from "vitest";
import type { CheckoutService } from "../src/index.js";
import { type Downstreams, orderBody, postOrder, startDownstreams, startService } from "./downstreams.js";

let downstreams: Downstreams;
let service: CheckoutService;
let url: string;

afterEach(async () => {
  await service.close();
  await downstreams.close();
});

async function start(options: Parameters<typeof startDownstreams>[0]): Promise<void> {
  downstreams = await startDownstreams(options);
  ({ service, url } = await startService(downstreams));
}

async function reconcile(query = "") {
  const response = await fetch(`${url}/reconciliation/charges${query}`);
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe("payments with OAuth 2.0 client credentials (testkit token endpoint)", () => {
  it("places orders with one token for every call, sent as a bearer token payments verifies", async () => {
    await start({ oauth: true });
    for (const id of ["ord-1", "ord-2", "ord-3"]) expect((await postOrder(url, orderBody(id))).status).toBe(201);
    const endpoint = downstreams.tokenEndpoint;
    expect(
      endpoint?.requests.map((r) => [r.clientId, r.clientAuthentication, r.grantType, r.scopes, r.status]),
    ).toEqual([["checkout-service", "basic", "client_credentials", ["charges:read", "charges:write"], 200]]);
    const charges = downstreams.payments.requestsFor("createCharge");
    expect(charges.map((r) => [r.status, r.headers.authorization])).toEqual(
      Array.from({ length: 3 }, () => [201, `Bearer ${endpoint?.issued[0]}`]),
    );
  });

  it("after the token is revoked, gets a new one on the 401 and replays the charge once: one charge", async () => {
    await start({ oauth: true });
    expect((await postOrder(url, orderBody("ord-1"))).status).toBe(201);
    downstreams.tokenEndpoint?.revoke();
    expect((await postOrder(url, orderBody("ord-2"))).status).toBe(201);
    expect(downstreams.tokenEndpoint?.requests).toHaveLength(2);
    expect(downstreams.payments.requestsFor("createCharge").map((r) => r.status)).toEqual([201, 401, 201]);
    expect(downstreams.payments.ledger.count("createCharge")).toBe(2);
  });
});

describe("GET /reconciliation/charges (listCharges, cursor pages)", () => {
  it("walks 120 earlier charges and 2 new ones in pages of 50: each charge once, no order charged twice", async () => {
    await start({ oauth: true, charges: 120 });
    for (const id of ["ord-1", "ord-2"]) expect((await postOrder(url, orderBody(id))).status).toBe(201);
    const answer = await reconcile();
    expect([answer.status, answer.body]).toEqual([
      200,
      {
        charges: 122,
        pages: 3,
        pageSize: 50,
        chargedOrders: 122,
        duplicateCharges: 0,
        ordersChargedTwice: [],
        chargesListedTwice: 0,
      },
    ]);
    const pages = downstreams.payments.requestsFor("listCharges");
    expect(pages.map((r) => [r.url, r.status])).toEqual([
      ["/charges?limit=50", 200],
      ["/charges?limit=50&starting_after=ch_000050", 200],
      ["/charges?limit=50&starting_after=ch_000100", 200],
    ]);
    // One token for the orders and every page.
    expect(downstreams.tokenEndpoint?.requests).toHaveLength(1);
    expect((await reconcile("?limit=100")).body).toMatchObject({ charges: 122, pages: 2, pageSize: 100 });
    expect((await reconcile("?limit=0")).status).toBe(400);
  });

  it("answers a page that fails for good with its cause's problem and the resume point", async () => {
    await start({ charges: 30 });
    downstreams.payments.setFaultPlan("listCharges", {
      mode: "script",
      steps: [{ kind: "pass" }],
      after: { kind: "respond", status: 503 },
    });
    const answer = await reconcile("?limit=10");
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({
      type: "urn:outbound:checkout:problem:downstream-error",
      code: "PAGE_FAILED",
      chargesDelivered: 10,
      resume: { operationId: "listCharges", position: { kind: "cursor", cursor: "ch_000010" } },
    });
  });
});
