import { type SecuritySchemeModel, secretHeaders, secretQueryParams } from "./collect-security-schemes.js";
import { emitAuthInterface, emitAuthMiddleware } from "./emit-auth.js";
import { jsDoc, stringLiteral } from "./internal/code-text.js";
import type { OperationClass } from "./internal/contract-types.js";
import type { OperationModel } from "./operation-model.js";

/** What client.gen.ts is made from. */
export interface ClientModel {
  /** Downstream name (`specs/<name>`), used by the runtime in errors, spans and metrics. */
  readonly name: string;
  /** PascalCase of the name: `createPaymentsClient`, `PaymentsClientOptions`. */
  readonly pascalName: string;
  /** `info.title`, for comments. */
  readonly title: string;
  /** `servers[0].url`, when the spec has one, for the `baseUrl` comment. */
  readonly serverUrl: string | undefined;
  readonly operations: readonly OperationModel[];
  readonly securitySchemes: readonly SecuritySchemeModel[];
}

const CALL_OPTIONS: Readonly<Record<OperationClass, string>> = {
  idempotent: "IdempotentCallOptions",
  keyed: "KeyedCallOptions",
  unsafe: "UnsafeCallOptions",
};

/**
 * `client.gen.ts` (notes/CONTRACT.md): `create<Name>Client(options)` returning one typed method per operation
 * (second argument typed by the operation's class, so retry options on an `unsafe` method do not compile), plus
 * `raw` (openapi-fetch path-based calls through the same pipeline) and `downstream`.
 */
export function emitClient(model: ClientModel, header: string): string {
  const { pascalName: P } = model;
  const hasAuth = model.securitySchemes.length > 0;
  const usedClasses = [...new Set(model.operations.map((o) => o.class))].sort();
  const resilienceImports = [
    "createDownstream",
    "type AnyCallOptions",
    "type OperationMeta",
    "type ResilienceOptions",
    ...usedClasses.map((c) => `type ${CALL_OPTIONS[c]}`),
  ].sort((a, b) => a.replace("type ", "").localeCompare(b.replace("type ", "")));
  const fetchImports = ["type FetchResponse", "type MaybeOptionalInit", ...(hasAuth ? ["type Middleware"] : [])];
  return [
    header,
    `import createFetchClient, { ${fetchImports.join(", ")} } from "openapi-fetch";\n`,
    `import { ${resilienceImports.join(", ")} } from "@outbound/resilience";\n`,
    `import { operations } from "./operations.gen.js";\n`,
    `import type { paths } from "./schema.gen.js";\n\n`,
    helperTypes(),
    hasAuth ? `${emitAuthInterface(`${P}Auth`, model.securitySchemes, model.title)}\n` : "",
    optionsInterface(model, hasAuth),
    factory(model, hasAuth),
    jsDoc([`The client {@link create${P}Client} returns.`]),
    `export type ${P}Client = ReturnType<typeof create${P}Client>;\n`,
    hasAuth ? `\n${emitAuthMiddleware(`${P}Auth`, model.securitySchemes)}` : "",
  ].join("");
}

function helperTypes(): string {
  return `type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
/** openapi-fetch's init (params, body, headers…) of operation \`M\` on path \`P\`. */
type Init<P extends keyof paths, M extends Method & keyof paths[P]> = MaybeOptionalInit<paths[P], M>;
/** Method arguments: the init (optional when nothing in it is required) and the call options of the class. */
type Args<P extends keyof paths, M extends Method & keyof paths[P], O> = undefined extends Init<P, M>
  ? [init?: Init<P, M>, options?: O]
  : [init: Init<P, M>, options?: O];
/** openapi-fetch's result: \`{ data, error, response }\`, typed per status from the spec. */
type Result<P extends keyof paths, M extends Method & keyof paths[P]> = Promise<
  FetchResponse<paths[P][M] & Record<string | number, any>, Init<P, M>, \`\${string}/\${string}\`>
>;
type RawRequest = (method: string, path: string, init: Record<string, unknown>) => Promise<unknown>;

`;
}

function optionsInterface(model: ClientModel, hasAuth: boolean): string {
  const P = model.pascalName;
  const base = model.serverUrl !== undefined ? `The spec's first server is \`${model.serverUrl}\`.` : undefined;
  return (
    jsDoc([
      `Options of {@link create${P}Client}: where ${model.title} is, ${hasAuth ? "credentials, " : ""}and every resilience knob of \`ResilienceOptions\` (all optional, safe defaults).`,
    ]) +
    `export type ${P}ClientOptions = ResilienceOptions & {\n` +
    jsDoc(["Base URL that path templates are appended to.", base], "  ") +
    "  readonly baseUrl: string;\n" +
    (hasAuth ? `${jsDoc([`Credentials; see {@link ${P}Auth}.`], "  ")}  readonly auth?: ${P}Auth;\n` : "") +
    `${jsDoc(["Headers sent on every request."], "  ")}  readonly headers?: Readonly<Record<string, string>>;\n};\n\n`
  );
}

function factory(model: ClientModel, hasAuth: boolean): string {
  const P = model.pascalName;
  const secrets = `secretHeaders: [${secretHeaders(model.securitySchemes).map(stringLiteral).join(", ")}], secretQueryParams: [${secretQueryParams(model.securitySchemes).map(stringLiteral).join(", ")}]`;
  const methods = model.operations.map(methodBlock).join("");
  return (
    jsDoc([
      `Creates the client of ${model.title} (downstream \`${model.name}\`): one method per operation, each call run through the resilience pipeline of \`@outbound/resilience\` (deadline, retry by class, circuit breaker, bulkhead, attempt timeout, telemetry).`,
      "@throws when `options` are invalid (checked once, here).",
    ]) +
    `export function create${P}Client(options: ${P}ClientOptions) {\n` +
    `  const { baseUrl, ${hasAuth ? "auth, " : ""}headers, ...resilience } = options;\n` +
    `  const downstream = createDownstream({ ...resilience, name: ${stringLiteral(model.name)}, ${secrets} }, Object.values(operations));\n` +
    `  const raw = createFetchClient<paths>({ baseUrl, fetch: downstream.fetch, pathSerializer: downstream.pathSerializer, ...(headers === undefined ? {} : { headers }) });\n` +
    (hasAuth
      ? "  const credentials = authMiddleware(auth);\n  if (credentials !== undefined) raw.use(credentials);\n"
      : "") +
    "  const invoke = (meta: OperationMeta, init: unknown, callOptions: AnyCallOptions | undefined): Promise<never> =>\n" +
    "    downstream.call(meta, callOptions, (fetch) => (raw.request as RawRequest)(meta.method, meta.path, { ...(init as object), fetch, querySerializer: downstream.querySerializer(meta) })) as Promise<never>;\n" +
    `  return {\n${methods}` +
    `${jsDoc(['openapi-fetch\'s path-based calls (`raw.GET("/path", init)`), through the same pipeline: each call runs as one logical call of the operation its method and path template name (per-call options in `init.callOptions`).'], "    ")}    raw: downstream.pathClient(raw),\n` +
    `${jsDoc(["The downstream's shared state: `breakerState()`, its name."], "    ")}    downstream,\n  };\n}\n\n`
  );
}

function classNote(op: OperationModel): string {
  if (op.class === "idempotent") return `idempotent (${op.reason}): retried on transient failures.`;
  if (op.class === "keyed") {
    return `keyed: sends \`${op.idempotencyHeader ?? ""}\` (\`options.idempotencyKey\`, or a fresh UUID v4), the same on every attempt; retried on transient failures.`;
  }
  return `unsafe (${op.reason}): never retried once sent, so it takes no retry options.`;
}

function methodBlock(op: OperationModel): string {
  const P = stringLiteral(op.path);
  const M = stringLiteral(op.methodKey);
  const doc = jsDoc(
    [
      `${op.method} ${op.path} — ${classNote(op)}`,
      op.summary,
      op.description,
      op.hasOperationId
        ? `operationId \`${op.operationId}\`.`
        : "The spec gives no operationId; the name is derived from method and path.",
      op.deprecated ? "@deprecated The spec marks this operation deprecated." : undefined,
    ],
    "    ",
  );
  return (
    `${doc}    ${op.methodName}(...[init, callOptions]: Args<${P}, ${M}, ${CALL_OPTIONS[op.class]}>): Result<${P}, ${M}> {\n` +
    `      return invoke(operations.${op.methodName}, init, callOptions);\n    },\n`
  );
}
