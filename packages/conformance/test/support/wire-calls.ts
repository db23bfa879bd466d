import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { applyOverlay, generateClient, loadSpec } from "@outbound/codegen";
import type { OperationMeta } from "@outbound/resilience";
import { sample } from "openapi-sampler";
import { deref, isObject, type JsonObject } from "./json-ref.js";
import { CORPUS_DIR, REPO_ROOT } from "./paths.js";
import { declaredValue, fromPattern } from "./sample-value.js";
import type { ClientFactory, ClientMethod } from "./subjects.js";

/** One spec of the corpus as the wire checks load it. */
export interface WireSpec {
  /** The corpus folder name, e.g. `stripe`. */
  readonly name: string;
  /** Root file, relative to the corpus. */
  readonly root: string;
  /** The folder its `$ref`s may read, relative to the corpus (a root in a subfolder that reads `../common`). */
  readonly specFolder?: string;
  /** OpenAPI Overlay applied before generating (absolute). */
  readonly overlay?: string;
}

/**
 * Every spec of the corpus (its README's table): Stripe with the idempotency overlay the other corpus tests use,
 * Slack's Swagger 2.0 converted by codegen.
 */
export const WIRE_CORPUS: readonly WireSpec[] = [
  {
    name: "stripe",
    root: "stripe/spec3.yaml",
    overlay: join(REPO_ROOT, "packages/codegen/test/fixtures/corpus/stripe-idempotency-overlay.yaml"),
  },
  { name: "github", root: "github/api.github.com.json" },
  { name: "digitalocean", root: "digitalocean/specification/DigitalOcean-public.v2.yaml" },
  { name: "box", root: "box/openapi.json" },
  { name: "slack-web", root: "slack-web/slack_web_openapi_v2.json" },
  { name: "discord", root: "discord/openapi.json" },
  { name: "adyen-checkout", root: "adyen-checkout/CheckoutService-v72.json" },
  { name: "overseerr", root: "overseerr/overseerr-api.yml" },
  { name: "camara-qod", root: "camara-qod/code/API_definitions/quality-on-demand.yaml", specFolder: "camara-qod/code" },
  { name: "redocly-museum", root: "redocly-museum/openapi.yaml" },
];

/** A corpus spec with its generated client: the document both the client and the servers are built from. */
export interface WireSubject {
  readonly spec: WireSpec;
  /** The spec as codegen loaded it (bundled; Swagger 2.0 converted to OpenAPI 3.0). */
  readonly document: JsonObject;
  readonly operations: Readonly<Record<string, OperationMeta>>;
  readonly createClient: ClientFactory;
}

/**
 * Generates the spec's client into `runDir/<name>` (git-ignored; its imports resolve through this package) and
 * imports its operations table and factory.
 */
export async function loadWireSubject(spec: WireSpec, runDir: string): Promise<WireSubject> {
  const specFile = join(CORPUS_DIR, spec.root);
  const specFolder = spec.specFolder === undefined ? undefined : join(CORPUS_DIR, spec.specFolder);
  const out = join(runDir, spec.name, "generated");
  await generateClient({ spec: specFile, out, name: spec.name, overlay: spec.overlay, specFolder });
  const loaded = (await loadSpec(specFile, { specFolder })).document as JsonObject;
  const document =
    spec.overlay === undefined ? loaded : ((await applyOverlay(loaded, spec.overlay)).document as JsonObject);
  const operations = (await import(pathToFileURL(join(out, "operations.gen.ts")).href)) as Record<string, unknown>;
  const client = (await import(pathToFileURL(join(out, "client.gen.ts")).href)) as Record<string, unknown>;
  const factoryName = Object.keys(client).find((key) => /^create\w+Client$/.test(key));
  if (factoryName === undefined || !isObject(operations.operations))
    throw new Error(`${out}: no create…Client factory or operations table`);
  return {
    spec,
    document,
    operations: operations.operations as Readonly<Record<string, OperationMeta>>,
    createClient: client[factoryName] as ClientFactory,
  };
}

/** Where a call's body (or, without a body, its parameters) came from. */
export type ValueSource = "example" | "sample";

/** One call per operation, built from the spec. */
export interface WireCall {
  readonly methodName: string;
  readonly meta: OperationMeta;
  /** `METHOD /template`: the testkit route. */
  readonly route: string;
  /** openapi-fetch's init: parameters by location and the body. */
  readonly init: { readonly params: Record<string, Record<string, unknown>>; readonly body?: unknown };
  /** The request media type the body goes as (the client's default: JSON where offered, else the spec's first). */
  readonly mediaType: string | undefined;
  /** Where the body came from: the media type's own example, else a sample of its schema. */
  readonly bodySource: ValueSource | undefined;
}

const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json\b/i;
/** Headers HTTP itself carries; OpenAPI says to ignore them as parameters (OpenAPI 3.1 §4.8.12.1). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);
/** Methods whose request body has no defined meaning (RFC 9110 §9.3.1, §9.3.2, §9.3.5): sent only when required. */
const BODYLESS_METHODS = new Set(["GET", "HEAD", "DELETE", "OPTIONS"]);
/** The bytes of a sampled binary body or part. */
export const SAMPLE_BYTES: Uint8Array<ArrayBuffer> = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256);

function operationNode(document: JsonObject, meta: OperationMeta): { item: JsonObject; operation: JsonObject } {
  const paths = isObject(document.paths) ? document.paths : {};
  const item = deref(document, paths[meta.path]);
  const operation = isObject(item) ? item[meta.method.toLowerCase()] : undefined;
  if (!isObject(item) || !isObject(operation)) throw new Error(`${meta.method} ${meta.path} is not in the document`);
  return { item, operation };
}

function firstExample(document: JsonObject, node: JsonObject): { found: boolean; value?: unknown } {
  if ("example" in node) return { found: true, value: node.example };
  if (isObject(node.examples)) {
    for (const raw of Object.values(node.examples)) {
      const example = deref(document, raw);
      if (isObject(example) && "value" in example) return { found: true, value: example.value };
    }
  }
  return { found: false };
}

function isNullSchema(node: unknown): boolean {
  return (
    isObject(node) &&
    (node.type === "null" ||
      (node.enum !== undefined && Array.isArray(node.enum) && node.enum.every((v) => v === null)))
  );
}

/**
 * What openapi-sampler reads instead of a schema node, for the two things it samples wrong: a `pattern` without an
 * example (its regex sampler does not honour alternations and anchors) gets an `example` from randexp (the smallest
 * match), and OpenAPI 3.1 nullable unions (`oneOf: [{type: "null"}, X]`, `type: [T, "null"]`) lose their null
 * branch, so the sample is a value of X rather than `{}`.
 */
function forSampler(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forSampler);
  if (!isObject(node)) return node;
  const copy: JsonObject = {};
  for (const [key, value] of Object.entries(node))
    copy[key] = key === "example" || key === "examples" ? value : forSampler(value);
  for (const key of ["oneOf", "anyOf"]) {
    const options = copy[key];
    if (Array.isArray(options) && options.length > 1 && options.some(isNullSchema)) {
      const rest = options.filter((o) => !isNullSchema(o));
      if (rest.length === 1 && Object.keys(copy).length === 1) return rest[0];
      copy[key] = rest;
    }
  }
  if (Array.isArray(copy.type) && copy.type.includes("null") && copy.type.length > 1) {
    const types = copy.type.filter((t) => t !== "null");
    copy.type = types.length === 1 ? types[0] : types;
  }
  if (typeof copy.pattern === "string" && !("example" in copy) && !("default" in copy) && !("enum" in copy)) {
    const example = fromPattern(copy.pattern);
    if (example !== undefined) copy.example = example;
  }
  return copy;
}

const samplerDocuments = new WeakMap<JsonObject, JsonObject>();

/**
 * openapi-sampler's value for a schema (`$ref`s against the document; read-only properties left out), read through
 * {@link forSampler}.
 */
export function sampleSchema(document: JsonObject, schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  let prepared = samplerDocuments.get(document);
  if (prepared === undefined) {
    prepared = forSampler(document) as JsonObject;
    samplerDocuments.set(document, prepared);
  }
  return sample(forSampler(schema) as never, { skipReadOnly: true, quiet: true, maxSampleDepth: 6 }, prepared as never);
}

function parameterValue(document: JsonObject, parameter: JsonObject): unknown {
  const own = firstExample(document, parameter);
  if (own.found) return own.value;
  const schema = deref(document, parameter.schema);
  if (isObject(schema)) {
    const declared = declaredValue(schema);
    if (declared.found) return declared.value;
  }
  return sampleSchema(document, parameter.schema);
}

function isBinarySchema(document: JsonObject, node: unknown): boolean {
  const schema = deref(document, node);
  if (!isObject(schema)) return false;
  return schema.format === "binary" || typeof schema.contentMediaType === "string";
}

/** Binary properties of a multipart body become Files (arrays of them where the schema says so). */
function withFiles(document: JsonObject, schemaNode: unknown, value: unknown): unknown {
  const schema = deref(document, schemaNode);
  if (!isObject(schema) || !isObject(value)) return value;
  const properties = isObject(schema.properties) ? schema.properties : {};
  const result: JsonObject = { ...value };
  for (const [name, node] of Object.entries(properties)) {
    const property = deref(document, node);
    const file = () => new File([SAMPLE_BYTES], `${name}.bin`, { type: "application/octet-stream" });
    if (isBinarySchema(document, property)) result[name] = file();
    else if (isObject(property) && property.type === "array" && isBinarySchema(document, property.items))
      result[name] = [file()];
  }
  return result;
}

function bodyValue(
  document: JsonObject,
  mediaType: string,
  media: JsonObject,
): { value: unknown; source: ValueSource } {
  const example = firstExample(document, media);
  const base = example.found
    ? { value: example.value, source: "example" as const }
    : { value: sampleSchema(document, media.schema), source: "sample" as const };
  const bare = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (JSON_MEDIA.test(bare) || bare === "application/x-www-form-urlencoded") return base;
  if (bare.startsWith("multipart/")) return { ...base, value: withFiles(document, media.schema, base.value) };
  if (bare.startsWith("text/")) return { ...base, value: typeof base.value === "string" ? base.value : "sample text" };
  return { source: base.source, value: SAMPLE_BYTES };
}

/** The request media type the client sends by default: JSON where offered, else the first in spec order. */
export function defaultMediaType(content: JsonObject): string | undefined {
  const types = Object.keys(content);
  return types.find((t) => JSON_MEDIA.test(t)) ?? types[0];
}

/**
 * One call for an operation: every required path, query and header parameter (the runtime's idempotency header
 * excepted) from its example, declared value or an openapi-sampler sample; a body in the client's default media
 * type from that media type's example, else an openapi-sampler sample of its schema (binary parts and bodies as
 * bytes). A body is sent when required, and when optional for methods that define a body's meaning.
 */
export function buildCall(document: JsonObject, methodName: string, meta: OperationMeta): WireCall {
  const { item, operation } = operationNode(document, meta);
  const params: Record<string, Record<string, unknown>> = { path: {}, query: {}, header: {} };
  const byKey = new Map<string, JsonObject>();
  for (const raw of [
    ...(Array.isArray(item.parameters) ? item.parameters : []),
    ...(Array.isArray(operation.parameters) ? operation.parameters : []),
  ]) {
    const parameter = deref(document, raw);
    if (isObject(parameter)) byKey.set(`${String(parameter.in)}:${String(parameter.name)}`, parameter);
  }
  for (const parameter of byKey.values()) {
    const name = String(parameter.name);
    const location = String(parameter.in);
    if (location !== "path" && parameter.required !== true) continue;
    if (
      location === "header" &&
      (IGNORED_HEADERS.has(name.toLowerCase()) || name.toLowerCase() === meta.idempotencyHeader?.toLowerCase())
    )
      continue;
    const bucket = params[location];
    if (bucket === undefined) continue;
    const value = parameterValue(document, parameter);
    bucket[name] = location === "path" && (value === undefined || value === "") ? "sample" : value;
  }
  const route = `${meta.method} ${meta.path}`;
  const requestBody = deref(document, operation.requestBody);
  const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : {};
  const mediaType = defaultMediaType(content);
  const media = mediaType === undefined ? undefined : deref(document, content[mediaType]);
  const required = isObject(requestBody) && requestBody.required === true;
  if (mediaType === undefined || !isObject(media) || (!required && BODYLESS_METHODS.has(meta.method)))
    return { methodName, meta, route, init: { params }, mediaType: undefined, bodySource: undefined };
  const body = bodyValue(document, mediaType, media);
  if (body.value === undefined || (!required && isObject(body.value) && Object.keys(body.value).length === 0))
    return { methodName, meta, route, init: { params }, mediaType: undefined, bodySource: undefined };
  return { methodName, meta, route, init: { params, body: body.value }, mediaType, bodySource: body.source };
}

/** Every operation of the subject's generated table, one call each, in table order. */
export function buildCalls(subject: WireSubject): WireCall[] {
  return Object.entries(subject.operations).map(([methodName, meta]) => buildCall(subject.document, methodName, meta));
}

/** Every operation-level server template, pointed at `url` (the testkit or Prism serving the whole spec). */
export function serversAt(subject: WireSubject, url: string): Record<string, string> {
  const templates = new Set(
    Object.values(subject.operations).flatMap((m) => (m.server === undefined ? [] : [m.server])),
  );
  return Object.fromEntries([...templates].map((t) => [t, url]));
}

/** How a call ended on the client's side: settled (any status), or the error it threw (code and message). */
export interface CallEnd {
  readonly status: number | undefined;
  readonly error: string | undefined;
  /** The answer's headers, when the call settled. */
  readonly headers: Headers | undefined;
  /** The parsed answer (`data`, or `error` for a non-2xx status), when the call settled. */
  readonly body: unknown;
}

/**
 * Sends a call through the generated client (one attempt; deadline `totalTimeoutMs`, default 10 s) and reports how
 * it ended. The client
 * is built by the caller (`subject.createClient({ baseUrl, servers, retry: { maxAttempts: 1 } })`).
 */
export async function sendCall(
  client: Record<string, unknown>,
  call: WireCall,
  headers: Readonly<Record<string, string>> = {},
  totalTimeoutMs = 10_000,
): Promise<CallEnd> {
  const method = client[call.methodName] as ClientMethod | undefined;
  const none = { headers: undefined, body: undefined };
  if (typeof method !== "function")
    return { ...none, status: undefined, error: `client has no method ${call.methodName}` };
  try {
    const result = (await method(call.init, { totalTimeoutMs, attemptTimeoutMs: totalTimeoutMs, headers })) as {
      response?: Response;
      data?: unknown;
      error?: unknown;
    };
    const body = result.error ?? result.data;
    return { status: result.response?.status, error: undefined, headers: result.response?.headers, body };
  } catch (error) {
    const { code, status, message } = error as { code?: string; status?: number; message?: string };
    return { ...none, status, error: `${code ?? "Error"}: ${(message ?? String(error)).split("\n")[0]}` };
  }
}

/** Runs `work` over `items` with at most `limit` in flight, results in input order. */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  });
  await Promise.all(runners);
  return results;
}
