/**
 * What the generator emits for operations whose success answer streams (SSE, NDJSON), on a small spec written for
 * it: `OperationMeta.stream`, the `events` type of each method, a second `<method>Stream` method beside a JSON
 * answer with its body flag, and that the output type-checks with the event types the spec gives.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeSpec } from "../src/analyze-spec.js";
import { streamMethodNames } from "../src/emit-stream.js";
import { generateIntoTemp, operationEntry } from "./helpers/generate-fixture.js";
import { CORPUS_DIR, CORPUS_PRESENT } from "./helpers/shared-paths.js";
import { removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

const SPEC = join(import.meta.dirname, "fixtures", "streams.yaml");
let dir = "";
let out = "";
beforeAll(async () => {
  ({ dir, out } = await generateIntoTemp("feeds", SPEC));
});
afterAll(() => removeTempDir(dir));

const read = (file: string) => readFileSync(join(out, file), "utf8");

const entry = (name: string) => operationEntry(out, name);

describe("operations.gen.ts", () => {
  it("marks a stream-only operation with stream, its data JSON unless the schema is a string", () => {
    expect(entry("watchOrderStatus")).toContain('    stream: { data: "json" },\n');
    expect(entry("tailLogs")).toContain('    stream: { data: "text" },\n');
    expect(entry("exportRows")).toContain('    stream: { data: "json" },\n');
  });

  it("keeps the JSON method of an operation that also streams, and adds <method>Stream with its body flag", () => {
    expect(entry("createCompletion")).not.toContain("stream:");
    expect(entry("createCompletion")).toContain('    accept: "application/json, text/event-stream",\n');
    expect(entry("createCompletionStream")).toContain('    operationId: "createCompletion",\n');
    expect(entry("createCompletionStream")).toContain('    accept: "text/event-stream",\n');
    expect(entry("createCompletionStream")).toContain('    stream: { data: "json", flag: "stream" },\n');
  });
});

describe("client.gen.ts", () => {
  it("types each stream method's events from the response schema", () => {
    const client = read("client.gen.ts");
    expect(client).toContain(
      'readonly watchOrderStatus: { readonly path: "/orders/{orderId}/status"; readonly method: "get"; readonly options: IdempotentCallOptions; readonly events: ServerSentEvent<NonNullable<paths["/orders/{orderId}/status"]["get"]>["responses"]["200"]["content"]["text/event-stream"]> };',
    );
    expect(client).toContain("readonly events: ServerSentEvent<string> };");
    expect(client).toContain(
      'readonly events: NonNullable<paths["/exports"]["post"]>["responses"]["200"]["content"]["application/x-ndjson"][number] };',
    );
    expect(client).toContain("   * Streams: `data` is an `EventStream` of server-sent events (`text/event-stream`)");
  });

  it("type-checks, and the stream methods resolve to typed event streams", () => {
    writeFileSync(
      join(out, "probe.ts"),
      `import type { FeedsClient } from "./client.gen.js";
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
declare const client: FeedsClient;
type Data<F extends (...args: never[]) => Promise<{ data?: unknown }>> = NonNullable<Awaited<ReturnType<F>>["data"]>;
type EventOf<S> = S extends AsyncIterable<infer E> ? E : never;
export const status: Equal<EventOf<Data<typeof client.watchOrderStatus>>["data"]["status"], "placed" | "packed" | "shipped" | "delivered"> = true;
export const logs: Equal<EventOf<Data<typeof client.tailLogs>>["data"], string> = true;
export const rows: Equal<EventOf<Data<typeof client.exportRows>>["id"], number> = true;
export const chunk: Equal<EventOf<Data<typeof client.createCompletionStream>>["data"]["delta"], string> = true;
export async function use(): Promise<void> {
  const { data, error } = await client.watchOrderStatus({ params: { path: { orderId: "o1" } } });
  if (error !== undefined) {
    const message: string = error.error;
    void message;
    return;
  }
  for await (const event of data) void event.id;
  data.abort();
}
`,
    );
    const files = ["client.gen.ts", "operations.gen.ts", "schema.gen.ts", "probe.ts"].map((f) => join(out, f));
    expect(typeCheck(files, out).errors).toEqual([]);
  });
});

describe("the corpus: DigitalOcean's inference operations (JSON, or SSE when the body says stream: true)", () => {
  it("gives each a <method>Stream with the body flag, its events typed from the chunk schema", async (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip("specs corpus absent (OUTBOUND_SPECS_CORPUS)");
    const spec = await analyzeSpec({
      spec: join(CORPUS_DIR, "digitalocean/specification/DigitalOcean-public.v2.yaml"),
    });
    const streaming = spec.operations.filter((op) => op.stream !== undefined);
    const names = streamMethodNames(spec.operations);
    expect(
      streaming.map((op) => [op.operationId, names.get(op), op.stream?.format, op.stream?.data, op.stream?.flag]),
    ).toEqual([
      ["inference_create_chat_completion", "inferenceCreateChatCompletionStream", "sse", "json", "stream"],
      ["inference_create_messages", "inferenceCreateMessagesStream", "sse", "json", "stream"],
      ["agentInference_create_chat_completion", "agentInferenceCreateChatCompletionStream", "sse", "json", "stream"],
      ["inference_create_image", "inferenceCreateImageStream", "sse", "json", "stream"],
      ["inference_create_response", "inferenceCreateResponseStream", "sse", "json", "stream"],
    ]);
  }, 120_000);
});
