import { acceptOf, defaultAnswerOf } from "./answer-kinds.js";
import { emitAuthInterface, emitAuthSchemes } from "./emit-auth.js";
import { itemsType } from "./emit-pagination.js";
import { eventsType, streamMethodNames, streamNote } from "./emit-stream.js";
import { jsDoc, propertyKey, stringLiteral, typeKey } from "./internal/code-text.js";
import type { OperationClass } from "./internal/contract-types.js";
import type { OperationModel } from "./operation-model.js";
import { ownServerOf, ownServerUrls, ownServerVariables } from "./operation-servers.js";
import { defaultRequestMediaOf, requestMediaOf } from "./request-media.js";
import type { SpecModel } from "./spec-model.js";

/** What client.gen.ts is made from. */
export type ClientModel = Pick<
  SpecModel,
  "name" | "pascalName" | "title" | "servers" | "operations" | "securitySchemes"
>;

const CALL_OPTIONS: Readonly<Record<OperationClass, string>> = {
  idempotent: "IdempotentCallOptions",
  keyed: "KeyedCallOptions",
  unsafe: "UnsafeCallOptions",
};

/**
 * `client.gen.ts`: only what is per spec. The `<Name>Operations` interface (one member per
 * operation: path template, method and the call options of its class, so retry options on an `unsafe` method do not
 * compile; the member carries the method's JSDoc), `<Name>Client` as `OperationClient<paths, <Name>Operations>` (named,
 * never inferred, so declaration emit works for any size), the auth and options types, and `create<Name>Client`,
 * which hands the operations table and the security schemes to `@outbound/resilience`'s `createOperationClient`.
 */
export function emitClient(model: ClientModel, header: string): string {
  const { pascalName: P } = model;
  const hasAuth = model.securitySchemes.length > 0;
  const usedClasses = [...new Set(model.operations.map((o) => o.class))].sort();
  const resilienceImports = [
    "type ClientDescription",
    "createOperationClient",
    "type OperationClient",
    "type ResilienceOptions",
    ...usedClasses.map((c) => `type ${CALL_OPTIONS[c]}`),
    ...authTypeImports(model),
    ...(model.operations.some((o) => o.stream?.format === "sse") ? ["type ServerSentEvent"] : []),
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  return [
    header,
    `import { ${resilienceImports.join(", ")} } from "@outbound/resilience/generated";\n`,
    `import { operations } from "./operations.gen.js";\n`,
    `import type { paths } from "./schema.gen.js";\n\n`,
    hasAuth ? `${emitAuthInterface(`${P}Auth`, model.securitySchemes, model.title)}\n` : "",
    optionsInterface(model, hasAuth),
    operationsInterface(model),
    jsDoc([
      `The client {@link create${P}Client} returns: one method per member of {@link ${P}Operations} (same name and JSDoc), plus \`raw\` and \`downstream\`.`,
    ]),
    `export type ${P}Client = OperationClient<paths, ${P}Operations>;\n\n`,
    factory(model),
  ].join("");
}

/** The credential types `<Name>Auth` names: `TokenProvider` for any non-basic scheme, `ClientCredentials` for OAuth. */
function authTypeImports(model: ClientModel): string[] {
  const kinds = model.securitySchemes.map((s) => s.credential);
  return [
    ...(kinds.some((c) => c.kind === "bearer" && c.oauth2 !== undefined) ? ["type ClientCredentials"] : []),
    ...(kinds.some((c) => c.kind !== "basic") ? ["type TokenProvider"] : []),
  ];
}

/** What a call may give for one part header (`PartHeaderValue`; a list is comma-joined). */
const PART_HEADER_VALUE = "string | number | boolean | readonly (string | number | boolean)[]";

/**
 * The member's `partHeaders`: by multipart media type, body property and header name, the headers its parts declare
 * that a call may set (fixed ones left out); `undefined` when no part declares one.
 */
function partHeadersType(op: OperationModel): string | undefined {
  const byMedia = (requestMediaOf(op) ?? []).flatMap((m) => {
    const properties = m.encoding.flatMap((e) => {
      const settable = e.headers.filter((h) => !h.fixed);
      if (settable.length === 0) return [];
      const headers = settable.map((h) => `readonly ${stringLiteral(h.name)}?: ${PART_HEADER_VALUE}`);
      return [`readonly ${typeKey(e.property)}?: { ${headers.join("; ")} }`];
    });
    return properties.length === 0 ? [] : [`readonly ${stringLiteral(m.mediaType)}: { ${properties.join("; ")} }`];
  });
  return byMedia.length === 0 ? undefined : `{ ${byMedia.join("; ")} }`;
}

function operationsInterface(model: ClientModel): string {
  const streamNames = streamMethodNames(model.operations);
  const members = model.operations.map((op) => {
    const head = `readonly path: ${stringLiteral(op.path)}; readonly method: ${stringLiteral(op.methodKey)}; readonly options: ${CALL_OPTIONS[op.class]}`;
    const { stream } = op;
    const streamName = streamNames.get(op);
    const streamMember =
      stream === undefined
        ? ""
        : `${streamDoc(op)}  readonly ${typeKey(streamName ?? op.methodName)}: { ${head}; readonly events: ${eventsType(op, stream)} };\n`;
    if (stream !== undefined && streamName === undefined) return streamMember;
    const answer = defaultAnswerOf(op);
    const answerMember = answer === "json" ? "" : `; readonly answer: ${stringLiteral(answer)}`;
    const media = defaultRequestMediaOf(op);
    const bodyMember = media === undefined ? "" : `; readonly body: ${stringLiteral(media)}`;
    const partHeaders = partHeadersType(op);
    const partHeadersMember = partHeaders === undefined ? "" : `; readonly partHeaders: ${partHeaders}`;
    const itemsMember =
      op.pagination === undefined ? "" : `; readonly items: ${itemsType(op.path, op.methodKey, op.pagination)}`;
    return `${methodDoc(op)}  readonly ${typeKey(op.methodName)}: { ${head}${answerMember}${bodyMember}${partHeadersMember}${itemsMember} };\n${streamMember}`;
  });
  return `${jsDoc([
    `Every operation of ${model.title}, keyed by client method name: its path template and method in \`paths\`, the call options its class accepts, how a successful answer is read by default (\`answer\`; absent: JSON), and the media type a request body is sent as by default when the operation offers a choice (\`body\`; the init's \`contentType\` picks another). {@link ${model.pascalName}Client} has one method per member.`,
  ])}export interface ${model.pascalName}Operations {\n${members.join("")}}\n\n`;
}

function optionsInterface(model: ClientModel, hasAuth: boolean): string {
  const P = model.pascalName;
  const serverUrl = model.servers[0]?.url;
  const base = serverUrl !== undefined ? `The spec's first server is \`${serverUrl}\`.` : undefined;
  return (
    jsDoc([
      `Options of {@link create${P}Client}: where ${model.title} is, ${hasAuth ? "credentials, " : ""}and every resilience knob of \`ResilienceOptions\` (all optional, safe defaults).`,
    ]) +
    `export type ${P}ClientOptions = ResilienceOptions & {\n` +
    jsDoc(["Base URL that path templates are appended to.", base], "  ") +
    "  readonly baseUrl: string;\n" +
    (hasAuth ? `${jsDoc([`Credentials; see {@link ${P}Auth}.`], "  ")}  readonly auth?: ${P}Auth;\n` : "") +
    `${jsDoc(["Headers sent on every request."], "  ")}  readonly headers?: Readonly<Record<string, string>>;\n` +
    serverOptions(model) +
    "};\n\n"
  );
}

/** `servers` and `serverVariables`, when some operation has its own server. */
function serverOptions(model: ClientModel): string {
  const urls = ownServerUrls(model.operations);
  if (urls.length === 0) return "";
  const keys = urls.map((url) => `readonly ${typeKey(url)}?: string`).join("; ");
  let text = `${jsDoc(
    [
      "Base URLs replacing the spec's own servers of some operations (e.g. to point them at a testkit), keyed by the server URL as the spec writes it.",
      "@default the spec's server, variables filled, a relative one resolved against `baseUrl`",
    ],
    "  ",
  )}  readonly servers?: { ${keys} };\n`;
  const variables = [...ownServerVariables(model.operations).values()];
  if (variables.length === 0) return text;
  const members = variables.map((v) => {
    const type = v.enum === undefined ? "string" : v.enum.map(stringLiteral).join(" | ");
    return `${jsDoc([v.description, `@default ${stringLiteral(v.default)}`], "    ")}    readonly ${typeKey(v.name)}?: ${type};\n`;
  });
  text += `${jsDoc(["Values of the variables of those servers (OpenAPI server variables)."], "  ")}  readonly serverVariables?: {\n${members.join("")}  };\n`;
  return text;
}

function factory(model: ClientModel): string {
  const P = model.pascalName;
  return (
    jsDoc([
      `Creates the client of ${model.title} (downstream \`${model.name}\`): one method per operation, each call run through the resilience pipeline of \`@outbound/resilience\` (deadline, retry by class, circuit breaker, bulkhead, attempt timeout, telemetry).`,
      "@throws InvalidOptionsError when `options` are invalid (checked once, here).",
    ]) +
    `export function create${P}Client(options: ${P}ClientOptions): ${P}Client {\n` +
    `  return createOperationClient<paths, ${P}Operations>(options, DESCRIPTION, operations);\n}\n\n` +
    jsDoc([`Downstream name and security schemes of ${model.title}, as \`createOperationClient\` reads them.`]) +
    `const DESCRIPTION: ClientDescription = {\n  name: ${stringLiteral(model.name)},\n  auth: ${emitAuthSchemes(model.securitySchemes, "  ")},\n${variablesLiteral(model)}};\n`
  );
}

/** `serverVariables: { region: { default: "eu", enum: ["eu", "us"] } },` of the description, or nothing. */
function variablesLiteral(model: ClientModel): string {
  const variables = [...ownServerVariables(model.operations).values()];
  if (variables.length === 0) return "";
  const entries = variables.map((v) => {
    const allowed = v.enum === undefined ? "" : `, enum: [${v.enum.map(stringLiteral).join(", ")}]`;
    return `${propertyKey(v.name)}: { default: ${stringLiteral(v.default)}${allowed} }`;
  });
  return `  serverVariables: { ${entries.join(", ")} },\n`;
}

/** Where the call goes: `baseUrl`, or the operation's own server. */
function serverNote(op: OperationModel): string {
  const server = ownServerOf(op);
  if (server === undefined) return "Sent to the client's `baseUrl`.";
  return `Sent to its own server \`${server.url}\` (the spec's ${server.level} \`servers\`), not \`baseUrl\`; override it with the client option \`servers\`.`;
}

function classNote(op: OperationModel): string {
  if (op.class === "idempotent") return `idempotent (${op.reason}): retried on transient failures.`;
  if (op.class === "keyed") {
    return `keyed: sends \`${op.idempotencyHeader ?? ""}\` (\`options.idempotencyKey\`, or a fresh UUID v4), the same on every attempt; retried on transient failures.`;
  }
  return `unsafe (${op.reason}): never retried once sent, so it takes no retry options.`;
}

/** What the method's `data` is, when the operation answers something other than JSON. */
function answerNote(op: OperationModel): string | undefined {
  const answer = defaultAnswerOf(op);
  if (answer === "json") return undefined;
  const read = answer === "text" ? "a string" : "a `Blob` (its `type` is the answer's Content-Type)";
  return `Answers \`${acceptOf(op) ?? ""}\`: \`data\` is ${read}; pass \`parseAs\` (\`"text"\`, \`"blob"\`, \`"arrayBuffer"\`, \`"stream"\`) to read it otherwise.`;
}

/** The JSDoc of a stream method: the operation's, its streaming said first. */
function streamDoc(op: OperationModel): string {
  return methodDoc(op, op.stream === undefined ? undefined : streamNote(op.stream));
}

function methodDoc(op: OperationModel, streaming?: string): string {
  return jsDoc(
    [
      `${op.method} ${op.path} — ${classNote(op)}`,
      streaming ?? answerNote(op),
      serverNote(op),
      op.summary,
      op.description,
      op.pagination === undefined
        ? undefined
        : `Paginated (${op.pagination.meta.kind}): \`.pages(init, options)\` and \`.all(init, options)\` iterate every page and item; a page that fails for good throws \`PAGE_FAILED\` with \`resume\`, to pass back as \`resumeFrom\`.`,
      op.hasOperationId
        ? `operationId \`${op.operationId}\`.`
        : "The spec gives no operationId; the name is derived from method and path.",
      op.deprecated ? "@deprecated The spec marks this operation deprecated." : undefined,
    ],
    "  ",
  );
}
