import type { EventStream, IdempotentCallOptions, KeyedCallOptions, ServerSentEvent } from "@outbound/resilience";
import { describe, expectTypeOf, it } from "vitest";
import { type components, createPaymentsClient, operations, type PaymentsClient } from "../src/index.js";

declare const payments: PaymentsClient;

describe("@outbound/payments surface", () => {
  it("charges and refunds are keyed: they take an idempotencyKey and retry options", () => {
    expectTypeOf(payments.createCharge).parameter(1).toEqualTypeOf<KeyedCallOptions | undefined>();
    expectTypeOf(payments.createRefund).parameter(1).toEqualTypeOf<KeyedCallOptions | undefined>();
    expectTypeOf(operations.createCharge.class).toEqualTypeOf<"keyed">();
    expectTypeOf(operations.createCharge.idempotencyHeader).toEqualTypeOf<"Idempotency-Key">();
  });

  it("the caller never has to put the Idempotency-Key in the request: the runtime sends it", () => {
    void payments.createCharge(
      { body: { amount: 100, currency: "eur", customerId: "c", paymentMethod: "pm" } },
      { idempotencyKey: "order-1" },
    );
  });

  it("reading a charge is idempotent: no idempotency key", () => {
    expectTypeOf(payments.getCharge).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    // @ts-expect-error an idempotent operation takes no idempotency key
    void payments.getCharge({ params: { path: { chargeId: "ch_1" } } }, { idempotencyKey: "k" });
    // @ts-expect-error chargeId is required
    void payments.getCharge();
  });

  it("is configured once with a bearer token", () => {
    createPaymentsClient({ baseUrl: "http://127.0.0.1:1", auth: { bearerAuth: "token" } });
  });

  it("lists charges in pages: .all() yields charges, .pages() pages of them", () => {
    expectTypeOf(payments.listCharges.all).returns.toEqualTypeOf<
      AsyncGenerator<components["schemas"]["Charge"], void, undefined>
    >();
    void payments.listCharges.all({ params: { query: { limit: 50 } } }, { maxItems: 1_000 });
    // @ts-expect-error limit is a number
    void payments.listCharges.all({ params: { query: { limit: "50" } } });
  });

  it("takes OAuth 2.0 client credentials for its oauth2 scheme", () => {
    createPaymentsClient({
      baseUrl: "http://127.0.0.1:1",
      auth: { oauth2: { clientId: "checkout", clientSecret: "s", tokenUrl: "http://127.0.0.1:2/oauth/token" } },
    });
  });

  it("follows a charge's events as a typed stream of server-sent events (idempotent: resumable)", async () => {
    expectTypeOf(payments.streamChargeEvents).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    const { data } = await payments.streamChargeEvents({ params: { path: { chargeId: "ch_1" } } });
    expectTypeOf(data).toEqualTypeOf<EventStream<ServerSentEvent<components["schemas"]["ChargeEvent"]>> | undefined>();
    // @ts-expect-error chargeId is required
    void payments.streamChargeEvents();
  });
});
