/**
 * Operations with their own server (Stripe's `postFiles` lives on files.stripe.com while the rest of the API is on
 * api.stripe.com), on two real servers: the call goes to the operation's server, variables filled from defaults or
 * options, relative servers resolved against `baseUrl`, every host overridable per client, bad options refused at
 * construction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ClientDescription,
  createOperationClient,
  createTransport,
  defineOperations,
  type IdempotentCallOptions,
  InvalidOptionsError,
  type KeyedCallOptions,
} from "./support/runtime.js";
import { json, startTestServer, type TestServer } from "./support/test-server.js";

interface paths {
  "/v1/files": { post: { responses: { 200: { content: { "application/json": { host: string; url: string } } } } } };
  "/v1/customers": { get: { responses: { 200: { content: { "application/json": { host: string; url: string } } } } } };
  "/{id}": {
    get: {
      parameters: { path: { id: string } };
      responses: { 200: { content: { "application/json": { host: string; url: string } } } };
    };
  };
  "/exports": { get: { responses: { 200: { content: { "application/json": { host: string; url: string } } } } } };
}

interface Ops {
  readonly postFiles: { readonly path: "/v1/files"; readonly method: "post"; readonly options: KeyedCallOptions };
  readonly listCustomers: {
    readonly path: "/v1/customers";
    readonly method: "get";
    readonly options: IdempotentCallOptions;
  };
  readonly getFile: { readonly path: "/{id}"; readonly method: "get"; readonly options: IdempotentCallOptions };
  readonly listExports: { readonly path: "/exports"; readonly method: "get"; readonly options: IdempotentCallOptions };
}

/** As a generated client would hold Stripe's servers, with the files host templated to test variables. */
const operations = defineOperations({
  postFiles: {
    operationId: "PostFiles",
    method: "POST",
    path: "/v1/files",
    class: "keyed",
    idempotencyHeader: "Idempotency-Key",
    server: "https://{region}.files.stripe.com/",
  },
  getFile: {
    operationId: "GetFile",
    method: "GET",
    path: "/{id}",
    class: "idempotent",
    server: "http://127.0.0.1:{port}/downloads",
  },
  listCustomers: { operationId: "GetCustomers", method: "GET", path: "/v1/customers", class: "idempotent" },
  listExports: {
    operationId: "GetExports",
    method: "GET",
    path: "/exports",
    class: "idempotent",
    server: "/reporting/{version}",
  },
});
const DESCRIPTION: ClientDescription = {
  name: "stripe",
  auth: [],
  serverVariables: {
    region: { default: "eu", enum: ["eu", "us"] },
    version: { default: "v2" },
    port: { default: "9" },
  },
};

const transport = createTransport();
let api: TestServer;
let files: TestServer;
beforeAll(async () => {
  api = await startTestServer((req, res) => json(res, 200, { host: "api", url: req.url }));
  files = await startTestServer((req, res) => json(res, 200, { host: "files", url: req.url }));
});
afterAll(async () => {
  await api.close();
  await files.close();
  await transport.close();
});

const client = (extra: Record<string, unknown> = {}) =>
  createOperationClient<paths, Ops>({ baseUrl: `${api.url}/base`, transport, ...extra }, DESCRIPTION, operations);

describe("operation servers", () => {
  it("sends an operation with its own server there, and the others to baseUrl", async () => {
    const stripe = client({ servers: { "https://{region}.files.stripe.com/": files.url } });
    expect((await stripe.postFiles()).data).toEqual({ host: "files", url: "/v1/files" });
    expect((await stripe.listCustomers()).data).toEqual({ host: "api", url: "/base/v1/customers" });
    expect(files.requests.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /v1/files"]);
  });

  it("resolves a relative server against baseUrl, its variables from defaults or options", async () => {
    expect((await client().listExports()).data).toEqual({ host: "api", url: "/reporting/v2/exports" });
    const v3 = client({ serverVariables: { version: "v3" } });
    expect((await v3.listExports()).data).toEqual({ host: "api", url: "/reporting/v3/exports" });
  });

  it("fills an absolute server's variables from the client's options", async () => {
    const stripe = client({ serverVariables: { port: String(files.port) } });
    const { data } = await stripe.getFile({ params: { path: { id: "f 1" } } });
    expect(data).toEqual({ host: "files", url: "/downloads/f%201" });
  });

  it("refuses a variable outside its enum, an unknown variable and an unknown server at construction", () => {
    expect(() => client({ serverVariables: { region: "ap" } })).toThrow(
      new InvalidOptionsError(
        "serverVariables.region",
        '"ap" is not one of the values the spec allows ("eu", "us")',
        'Pass one of them, or leave it out for the default "eu".',
      ),
    );
    expect(() => client({ serverVariables: { zone: "a" } })).toThrow(InvalidOptionsError);
    expect(() => client({ servers: { "https://files.stripe.com/": files.url } })).toThrow(
      'Invalid option servers.https://files.stripe.com/: no operation of the spec has this server. Use one of: "https://{region}.files.stripe.com/", "http://127.0.0.1:{port}/downloads", "/reporting/{version}".',
    );
  });
});
