/**
 * Request bodies of clients generated from the corpus specs: Stripe's `postCustomers` goes out form-encoded with
 * bracket notation as Stripe documents it and `postFiles` as multipart on a real 127.0.0.1 server; and the request
 * types of Stripe, Box and Discord uploads take bytes, Blobs and streams for binary parts and bodies, never a string
 * (responses keep `string`), with `contentType` typed from each operation's media types.
 */
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EQUAL_TYPE, generateIntoTemp } from "./helpers/generate-fixture.js";
import { startRecordServer } from "./helpers/record-server.js";
import { CORPUS_DIR, CORPUS_PRESENT } from "./helpers/shared-paths.js";
import { makeTempDir, removeTempDir } from "./helpers/temp-output.js";
import { typeCheck } from "./helpers/type-check.js";

const SKIP_REASON = `specs corpus not found at ${CORPUS_DIR} (set OUTBOUND_SPECS_CORPUS)`;
const OVERLAY = join(import.meta.dirname, "fixtures", "corpus", "stripe-idempotency-overlay.yaml");
const dirs: string[] = [];
const outs: Record<string, string> = {};

beforeAll(async () => {
  if (!CORPUS_PRESENT) return;
  for (const [name, file, overlay] of [
    ["stripe", "stripe/spec3.yaml", OVERLAY],
    ["box", "box/openapi.json", undefined],
    ["discord", "discord/openapi.json", undefined],
  ] as const) {
    const { dir, out } = await generateIntoTemp(
      name,
      join(CORPUS_DIR, file),
      overlay === undefined ? { name } : { name, overlay },
    );
    dirs.push(dir);
    outs[name] = out;
  }
}, 120_000);
afterAll(() => {
  for (const dir of dirs) removeTempDir(dir);
});

interface StripeCalls {
  postCustomers(init: { body: Record<string, unknown> }, options?: object): Promise<{ data?: unknown }>;
  postFiles(init: { body: Record<string, unknown> }, options?: object): Promise<{ data?: unknown }>;
}

describe("generated Stripe client on the wire", () => {
  it("sends createCustomer form-encoded: metadata[order_id]=6735, expand indexed, Idempotency-Key kept", async (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    const server = await startRecordServer(() => ({
      status: 200,
      body: JSON.stringify({ id: "cus_1", object: "customer" }),
      headers: { "content-type": "application/json" },
    }));
    try {
      const { createStripeClient } = (await import(join(outs.stripe ?? "", "client.gen.ts"))) as {
        createStripeClient(options: object): StripeCalls;
      };
      const stripe = createStripeClient({
        baseUrl: server.url,
        servers: { "https://files.stripe.com/": server.url },
        auth: { bearerAuth: "sk_test_x" },
        retry: { maxAttempts: 1 },
      });
      const { data } = await stripe.postCustomers({
        body: {
          email: "jenny.rosen@example.com",
          metadata: { order_id: "6735" },
          expand: ["tax", "invoice_settings.default_payment_method"],
          address: { city: "Paris", line1: "1 Rue" },
        },
      });
      expect(data).toEqual({ id: "cus_1", object: "customer" });
      await stripe.postFiles({
        body: { purpose: "dispute_evidence", file: new File(["%PDF-1.4"], "a.pdf", { type: "application/pdf" }) },
      });
      const [customer, file] = server.seen;
      expect([customer?.method, customer?.url, customer?.headers["content-type"], customer?.body]).toEqual([
        "POST",
        "/v1/customers",
        "application/x-www-form-urlencoded",
        "email=jenny.rosen%40example.com&metadata[order_id]=6735&expand[0]=tax&expand[1]=invoice_settings.default_payment_method&address[city]=Paris&address[line1]=1%20Rue",
      ]);
      expect(customer?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
      const boundary = /^multipart\/form-data; boundary=(\S+)$/.exec(file?.headers["content-type"] ?? "")?.[1];
      expect(file?.body).toBe(
        [
          `--${boundary}`,
          'Content-Disposition: form-data; name="purpose"',
          "",
          "dispute_evidence",
          `--${boundary}`,
          'Content-Disposition: form-data; name="file"; filename="a.pdf"',
          "Content-Type: application/pdf",
          "",
          "%PDF-1.4",
          `--${boundary}--`,
          "",
        ].join("\r\n"),
      );
    } finally {
      await server.close();
    }
  });
});

describe("request types of binary bodies and parts (Stripe, Box, Discord)", () => {
  it("take Blob | Uint8Array | ReadableStream | NodeJS.ReadableStream, never string; responses keep string", async (ctx) => {
    if (!CORPUS_PRESENT) ctx.skip(SKIP_REASON);
    const dir = makeTempDir("bodies-probe");
    dirs.push(dir);
    const probe = join(dir, "bodies-probe.ts");
    const rel = (name: string) => relative(dir, join(outs[name] ?? "", "schema.gen.js"));
    writeFileSync(
      probe,
      `${EQUAL_TYPE}import { createReadStream } from "node:fs";
import type { paths as Stripe } from "${rel("stripe")}";
import type { paths as Box } from "${rel("box")}";
import type { paths as Discord } from "${rel("discord")}";
import type { StripeClient } from "${rel("stripe").replace("schema.gen.js", "client.gen.js")}";
type Binary = Blob | Uint8Array | ReadableStream | NodeJS.ReadableStream;
type StripeFile = NonNullable<Stripe["/v1/files"]["post"]["requestBody"]>["content"]["multipart/form-data"]["file"];
type BoxFile = NonNullable<Box["/files/content"]["post"]["requestBody"]>["content"]["multipart/form-data"]["file"];
type BoxChunk = NonNullable<Box["/files/upload_sessions/{upload_session_id}"]["put"]["requestBody"]>["content"]["application/octet-stream"];
type DiscordFile = NonNullable<Discord["/applications/{application_id}/attachment"]["post"]["requestBody"]>["content"]["multipart/form-data"]["file"];
type QuotePdf = Stripe["/v1/quotes/{quote}/pdf"]["get"]["responses"][200]["content"]["application/pdf"];
export const checks: [true, true, true, true, true] = [
  true as Equal<StripeFile, Binary>,
  true as Equal<BoxFile, Binary>,
  true as Equal<BoxChunk, Binary>,
  true as Equal<DiscordFile, Binary>,
  true as Equal<QuotePdf, string>,
];
declare const stripe: StripeClient;
void stripe.postFiles({ body: { file: new Blob(["x"]), purpose: "dispute_evidence" } });
void stripe.postFiles({ body: { file: new Uint8Array([1]), purpose: "dispute_evidence" } });
void stripe.postFiles({ body: { file: createReadStream("a.pdf"), purpose: "dispute_evidence" } });
void stripe.postFiles({ contentType: "multipart/form-data", body: { file: new Blob(["x"]), purpose: "identity_document" } });
// @ts-expect-error a binary part never takes a string
void stripe.postFiles({ body: { file: "x", purpose: "dispute_evidence" } });
// @ts-expect-error postCustomers takes only application/x-www-form-urlencoded
void stripe.postCustomers({ contentType: "application/json", body: {} });
void stripe.postCustomers({ body: { metadata: { order_id: "6735" }, expand: ["tax"] } });
`,
    );
    const { errors } = typeCheck([probe], dir);
    expect(errors.map((e) => e.replace(/^.*bodies-probe\.ts:/, "bodies-probe.ts:"))).toEqual([]);
  }, 180_000);
});
