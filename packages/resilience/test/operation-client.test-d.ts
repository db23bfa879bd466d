import { describe, expectTypeOf, it } from "vitest";
import type {
  IdempotentCallOptions,
  KeyedCallOptions,
  OperationArgs,
  OperationClient,
  OperationMethods,
  OperationResult,
  RetryRefused,
  UnsafeCallOptions,
} from "../src/generated.js";
import type { Downstream } from "../src/index.js";

interface paths {
  "/items": {
    get: {
      parameters: { query?: { limit?: number } };
      responses: { 200: { content: { "application/json": { n: number } } } };
    };
    post: {
      requestBody: { content: { "application/json": { name: string } } };
      responses: {
        201: { content: { "application/json": { id: string } } };
        409: { content: { "application/json": { message: string } } };
      };
    };
  };
}

interface Ops {
  /** Lists items. */
  readonly listItems: { readonly path: "/items"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly createItem: { readonly path: "/items"; readonly method: "post"; readonly options: KeyedCallOptions };
  readonly sendItem: { readonly path: "/items"; readonly method: "post"; readonly options: UnsafeCallOptions };
  readonly nowhere: { readonly path: "/nowhere"; readonly method: "get"; readonly options: IdempotentCallOptions };
}

declare const client: OperationClient<paths, Ops>;

describe("generic client types", () => {
  it("one method per member, plus raw and downstream", () => {
    expectTypeOf<keyof OperationMethods<paths, Ops>>().toEqualTypeOf<
      "listItems" | "createItem" | "sendItem" | "nowhere"
    >();
    expectTypeOf(client.downstream).toEqualTypeOf<Downstream>();
    expectTypeOf(client.listItems).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
    expectTypeOf(client.sendItem).parameter(1).toEqualTypeOf<UnsafeCallOptions | undefined>();
  });

  it("makes the init optional only when nothing in it is required", () => {
    expectTypeOf<OperationArgs<paths, "/items", "get", IdempotentCallOptions>[0]>().toExtend<object | undefined>();
    void client.listItems();
    // @ts-expect-error the body is required
    void client.createItem();
    void client.createItem({ body: { name: "n" } }, { idempotencyKey: "k" });
  });

  it("returns openapi-fetch's result typed per status", async () => {
    const { data, error } = await client.createItem({ body: { name: "n" } });
    expectTypeOf(data).toEqualTypeOf<{ id: string } | undefined>();
    expectTypeOf(error).toEqualTypeOf<{ message: string } | undefined>();
    expectTypeOf<OperationResult<paths, "/items", "get">>().toExtend<Promise<{ response: Response }>>();
  });

  it("a member whose path is not in paths has no callable method", () => {
    expectTypeOf(client.nowhere).toBeNever();
  });

  it("refuses retry on an unsafe member with RetryRefused", () => {
    // @ts-expect-error retry is refused on an unsafe operation
    void client.sendItem({ body: { name: "n" } }, { retry: { maxAttempts: 2 } });
    expectTypeOf<UnsafeCallOptions["retry"]>().toEqualTypeOf<RetryRefused | undefined>();
  });
});
