import type {
  IdempotentCallOptions,
  KeyedCallOptions,
  OperationMeta,
  RetryRefused,
  TokenProvider,
  UnsafeCallOptions,
} from "@outbound/resilience";
import { describe, expectTypeOf, it } from "vitest";
import {
  type BookshopClient,
  type BookshopClientOptions,
  createBookshopClient,
} from "./__snapshots__/bookshop/generated/client.gen.js";
import type { GenreValue } from "./__snapshots__/bookshop/generated/enums.gen.js";
import { operations } from "./__snapshots__/bookshop/generated/operations.gen.js";
import type { components } from "./__snapshots__/bookshop/generated/schema.gen.js";

declare const client: BookshopClient;
type Book = components["schemas"]["Book"];

describe("generated client surface (bookshop fixture)", () => {
  it("types the second argument by the operation's class", () => {
    expectTypeOf(client.addReview).parameter(1).toEqualTypeOf<UnsafeCallOptions | undefined>();
    expectTypeOf(client.createBook).parameter(1).toEqualTypeOf<KeyedCallOptions | undefined>();
    expectTypeOf(client.updateBook).parameter(1).toEqualTypeOf<KeyedCallOptions | undefined>();
    expectTypeOf(client.searchBooks).parameter(1).toEqualTypeOf<IdempotentCallOptions | undefined>();
  });

  it("refuses retry options on an unsafe method and an idempotency key on an idempotent one", () => {
    // @ts-expect-error an unsafe operation cannot be retried: the message type says why (client-surface.test.ts)
    void client.addReview({ params: { path: { bookId: "b" } }, body: { stars: 1 } }, { retry: { maxAttempts: 3 } });
    type Message =
      "retry is refused: this operation is unsafe (not idempotent per RFC 9110 §9.2.2 and no Idempotency-Key), so a retry could repeat its side effect; mark it idempotent or declare its idempotency key header in the spec, overlay or outbound.config.yaml";
    expectTypeOf<NonNullable<UnsafeCallOptions["retry"]>>().toEqualTypeOf<RetryRefused>();
    const quoted: Message = {} as RetryRefused;
    void quoted;
    // not even the message itself is a value of it: it is intersected with RetryPolicy, which no string is
    expectTypeOf<Message>().not.toExtend<RetryRefused>();
    // @ts-expect-error an idempotent operation takes no idempotency key
    void client.getBook({ params: { path: { bookId: "b" } } }, { idempotencyKey: "k" });
    void client.createBook({ body: { title: "t" } }, { idempotencyKey: "k", retry: { maxAttempts: 2 } });
    void client.addReview({ params: { path: { bookId: "b" } }, body: { stars: 1 } }, { totalTimeoutMs: 500 });
  });

  it("requires the init when the operation has required parts, and not otherwise", () => {
    // @ts-expect-error the path parameter bookId is required
    void client.getBook();
    // @ts-expect-error the body is required
    void client.createBook({});
    void client.listBooks();
    void client.getHealth();
  });

  it("does not ask the caller for the idempotency header: the runtime sends it", () => {
    void client.createBook({ body: { title: "t" } });
  });

  it("returns openapi-fetch's typed result", async () => {
    const { data } = await client.getBook({ params: { path: { bookId: "b" } } });
    expectTypeOf(data).toExtend<Book | undefined>();
    expectTypeOf<Book>().toExtend<NonNullable<typeof data>>();
    expectTypeOf(data).not.toBeAny();
    expectTypeOf<Book["format"]>().toEqualTypeOf<"hardcover" | "paperback" | null | undefined>();
  });

  it("takes credentials per security scheme and every resilience option", () => {
    expectTypeOf<BookshopClientOptions["auth"]>().toEqualTypeOf<
      | {
          readonly bearer?: string | TokenProvider;
          readonly basic?: { readonly username: string; readonly password: string };
          readonly partnerKey?: string | TokenProvider;
          readonly queryKey?: string | TokenProvider;
          readonly session?: string | TokenProvider;
        }
      | undefined
    >();
    createBookshopClient({
      baseUrl: "http://x",
      attemptTimeoutMs: 100,
      auth: { basic: { username: "u", password: "p" }, bearer: async () => "rotated" },
    });
    // @ts-expect-error baseUrl is required
    createBookshopClient({});
  });

  it("emits metadata that satisfies OperationMeta, with literal classes", () => {
    expectTypeOf(operations.createBook).toExtend<OperationMeta>();
    expectTypeOf(operations.createBook.class).toEqualTypeOf<"keyed">();
    expectTypeOf(operations.addReview.class).toEqualTypeOf<"unsafe">();
    expectTypeOf<GenreValue>().toEqualTypeOf<"fiction" | "non-fiction" | "poetry">();
  });
});
