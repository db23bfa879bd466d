import type { UnsafeCallOptions } from "@outbound/resilience";
import { describe, expectTypeOf, it } from "vitest";
import { type NotificationsClient, operations } from "../src/index.js";

declare const notifications: NotificationsClient;

describe("@outbound/notifications surface", () => {
  it("sending a message is unsafe: retry options and idempotency keys do not compile", () => {
    expectTypeOf(notifications.sendMessage).parameter(1).toEqualTypeOf<UnsafeCallOptions | undefined>();
    expectTypeOf(operations.sendMessage.class).toEqualTypeOf<"unsafe">();
    const message = { body: { channel: "email" as const, to: "a@example.com", body: "hi" } };
    // @ts-expect-error an unsafe operation cannot be retried
    void notifications.sendMessage(message, { retry: { maxAttempts: 3 } });
    // @ts-expect-error the downstream declares no idempotency key
    void notifications.sendMessage(message, { idempotencyKey: "k" });
    void notifications.sendMessage(message, { totalTimeoutMs: 2000 });
  });
});
