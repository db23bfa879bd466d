import { acceptOf, answersOf } from "./answer-kinds.js";
import { paginationLiteral } from "./emit-pagination.js";
import { jsDoc, propertyKey, stringLiteral } from "./internal/code-text.js";
import type { RetryPolicy, TimeoutPolicy } from "./internal/contract-types.js";
import type { OperationModel, ParameterModel } from "./operation-model.js";
import { ownServerOf } from "./operation-servers.js";
import { requestMediaLiteral, requestMediaOf } from "./request-media.js";

/**
 * `operations.gen.ts`: one `OperationMeta` per operation, keyed by client method name, in document order, passed to
 * `@outbound/resilience`'s `defineOperations` (checks each against `OperationMeta`, keeps the literal types, freezes
 * the table deeply at load). Plain literals, no `Object.freeze` per object: each would be one more generic call for
 * every consumer's compiler to resolve.
 */
export function emitOperations(operations: readonly OperationModel[], header: string, title: string): string {
  const entries = operations.map((op) => {
    const fields = [
      `operationId: ${stringLiteral(op.operationId)}`,
      `method: ${stringLiteral(op.method)}`,
      `path: ${stringLiteral(op.path)}`,
      `class: ${stringLiteral(op.class)}`,
      ...(op.idempotencyHeader !== undefined ? [`idempotencyHeader: ${stringLiteral(op.idempotencyHeader)}`] : []),
      ...(op.retry !== undefined ? [`retry: ${retryLiteral(op.retry)}`] : []),
      ...(op.timeout !== undefined ? [`timeout: ${timeoutLiteral(op.timeout)}`] : []),
    ];
    const query = op.parameters.filter(isStyledQuery);
    if (query.length > 0) fields.push(`query: ${queryLiteral(query)}`);
    const accept = acceptOf(op);
    if (accept !== undefined) fields.push(`accept: ${stringLiteral(accept)}`);
    const answers = answersOf(op);
    if (answers !== undefined) fields.push(`answers: ${answersLiteral(answers)}`);
    const media = requestMediaOf(op);
    if (media !== undefined) fields.push(`body: ${requestMediaLiteral(media)}`);
    const server = ownServerOf(op);
    if (server !== undefined) fields.push(`server: ${stringLiteral(server.url)}`);
    if (op.pagination !== undefined) fields.push(`pagination: ${paginationLiteral(op.pagination.meta)}`);
    return `${jsDoc([`${op.method} ${op.path} — ${op.class} (${op.reason}).`], "  ")}  ${op.methodName}: {\n${fields.map((f) => `    ${f},`).join("\n")}\n  },`;
  });
  return (
    `${header}import { defineOperations } from "@outbound/resilience/generated";\n\n` +
    jsDoc([
      `Metadata of every operation of ${title}, keyed by client method name (deeply frozen; read by the runtime).`,
    ]) +
    `export const operations = defineOperations({\n${entries.join("\n")}\n});\n`
  );
}

function retryLiteral(retry: RetryPolicy): string {
  const parts: string[] = [];
  if (retry.maxAttempts !== undefined) parts.push(`maxAttempts: ${retry.maxAttempts}`);
  if (retry.initialDelayMs !== undefined) parts.push(`initialDelayMs: ${retry.initialDelayMs}`);
  if (retry.maxDelayMs !== undefined) parts.push(`maxDelayMs: ${retry.maxDelayMs}`);
  if (retry.on !== undefined) parts.push(`on: [${retry.on.join(", ")}]`);
  return `{ ${parts.join(", ")} }`;
}

function timeoutLiteral(timeout: TimeoutPolicy): string {
  const parts: string[] = [];
  if (timeout.attemptMs !== undefined) parts.push(`attemptMs: ${timeout.attemptMs}`);
  if (timeout.totalMs !== undefined) parts.push(`totalMs: ${timeout.totalMs}`);
  return `{ ${parts.join(", ")} }`;
}

/** `OperationMeta.answers`: `{ "200": "blob", default: "json" }`. */
function answersLiteral(answers: Readonly<Record<string, string>>): string {
  const entries = Object.entries(answers).map(([status, kind]) => `${propertyKey(status)}: ${stringLiteral(kind)}`);
  return `{ ${entries.join(", ")} }`;
}

/** A query parameter described by a `schema` and a style; one described by `content` keeps openapi-fetch's defaults. */
function isStyledQuery(p: ParameterModel): boolean {
  return p.in === "query" && p.serialization.kind === "style" && p.serialization.schemaPointer !== undefined;
}

/** `OperationMeta.query`: one `{ style, explode, allowReserved? }` per query parameter, keyed by its name. */
function queryLiteral(query: readonly ParameterModel[]): string {
  const entries = query.flatMap((q) => {
    if (q.serialization.kind !== "style") return [];
    const { style, explode, allowReserved } = q.serialization;
    const parts = [
      `style: ${stringLiteral(style)}`,
      `explode: ${explode}`,
      ...(allowReserved ? ["allowReserved: true"] : []),
    ];
    return [`${propertyKey(q.name)}: { ${parts.join(", ")} }`];
  });
  return `{ ${entries.join(", ")} }`;
}
