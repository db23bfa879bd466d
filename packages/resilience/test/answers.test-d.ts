import { describe, expectTypeOf, it } from "vitest";
import type { IdempotentCallOptions, OperationClient } from "../src/generated.js";

interface paths {
  "/report": {
    get: {
      responses: { 200: { content: { "application/pdf": string } }; 404: { content: { "text/plain": string } } };
    };
  };
  "/note": { get: { responses: { 200: { content: { "text/plain": string } } } } };
  "/thing": { get: { responses: { 200: { content: { "application/json": { id: string } } } } } };
}

interface Ops {
  readonly getReport: {
    readonly path: "/report";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly answer: "blob";
  };
  readonly getNote: {
    readonly path: "/note";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
    readonly answer: "text";
  };
  readonly getThing: { readonly path: "/thing"; readonly method: "get"; readonly options: IdempotentCallOptions };
}

declare const client: OperationClient<paths, Ops>;

describe("data follows the operation's default answer and the call's parseAs", () => {
  it("types data from the operation's default answer", async () => {
    expectTypeOf((await client.getReport()).data).toEqualTypeOf<Blob | undefined>();
    expectTypeOf((await client.getReport({})).data).toEqualTypeOf<Blob | undefined>();
    expectTypeOf((await client.getNote()).data).toEqualTypeOf<string | undefined>();
    expectTypeOf((await client.getThing()).data).toEqualTypeOf<{ id: string } | undefined>();
  });

  it("types data from parseAs when the call gives one", async () => {
    expectTypeOf((await client.getReport({ parseAs: "arrayBuffer" })).data).toEqualTypeOf<ArrayBuffer | undefined>();
    expectTypeOf((await client.getReport({ parseAs: "text" })).data).toEqualTypeOf<string | undefined>();
    expectTypeOf((await client.getReport({ parseAs: "stream" })).data).toEqualTypeOf<Response["body"] | undefined>();
    expectTypeOf((await client.getThing({ parseAs: "blob" })).data).toEqualTypeOf<Blob | undefined>();
    expectTypeOf((await client.getNote({ parseAs: "json" })).data).toEqualTypeOf<string | undefined>();
  });

  it("refuses a parseAs openapi-fetch does not know", () => {
    // @ts-expect-error "bytes" is not a parseAs
    void client.getReport({ parseAs: "bytes" });
  });
});
