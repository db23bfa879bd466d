import { emitAuthInterface, emitAuthSchemes } from "./emit-auth.js";
import { itemsType } from "./emit-pagination.js";
import { jsDoc, stringLiteral, typeKey } from "./internal/code-text.js";
import type { OperationClass } from "./internal/contract-types.js";
import type { OperationModel } from "./operation-model.js";
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

function operationsInterface(model: ClientModel): string {
  const members = model.operations.map(
    (op) =>
      `${methodDoc(op)}  readonly ${typeKey(op.methodName)}: { readonly path: ${stringLiteral(op.path)}; readonly method: ${stringLiteral(op.methodKey)}; readonly options: ${CALL_OPTIONS[op.class]}${op.pagination === undefined ? "" : `; readonly items: ${itemsType(op.path, op.methodKey, op.pagination)}`} };\n`,
  );
  return `${jsDoc([
    `Every operation of ${model.title}, keyed by client method name: its path template and method in \`paths\`, and the call options its class accepts. {@link ${model.pascalName}Client} has one method per member.`,
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
    `${jsDoc(["Headers sent on every request."], "  ")}  readonly headers?: Readonly<Record<string, string>>;\n};\n\n`
  );
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
    `const DESCRIPTION: ClientDescription = {\n  name: ${stringLiteral(model.name)},\n  auth: ${emitAuthSchemes(model.securitySchemes, "  ")},\n};\n`
  );
}

function classNote(op: OperationModel): string {
  if (op.class === "idempotent") return `idempotent (${op.reason}): retried on transient failures.`;
  if (op.class === "keyed") {
    return `keyed: sends \`${op.idempotencyHeader ?? ""}\` (\`options.idempotencyKey\`, or a fresh UUID v4), the same on every attempt; retried on transient failures.`;
  }
  return `unsafe (${op.reason}): never retried once sent, so it takes no retry options.`;
}

function methodDoc(op: OperationModel): string {
  return jsDoc(
    [
      `${op.method} ${op.path} — ${classNote(op)}`,
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
