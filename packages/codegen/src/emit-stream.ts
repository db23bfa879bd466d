import { stringLiteral } from "./internal/code-text.js";
import type { OperationModel } from "./operation-model.js";
import type { StreamModel } from "./read-stream.js";

/**
 * The name of the second method of an operation whose success answer is JSON or a stream (`<method>Stream`, or
 * `<method>EventStream` when that name is taken), for every such operation of `operations`. Two named methods,
 * not types that follow a `stream: true` body flag: the flag sits inside the body type, which openapi-fetch's init
 * types take whole, so an overload on it would need a literal-typed copy of every such body and break on specs that
 * name the flag otherwise or have none; two methods keep each result type plain and the choice visible at the call.
 */
export function streamMethodNames(operations: readonly OperationModel[]): ReadonlyMap<OperationModel, string> {
  const taken = new Set(operations.map((op) => op.methodName));
  const names = new Map<OperationModel, string>();
  for (const op of operations) {
    if (op.stream?.besideJson !== true) continue;
    let name = `${op.methodName}Stream`;
    if (taken.has(name)) name = `${op.methodName}EventStream`;
    taken.add(name);
    names.set(op, name);
  }
  return names;
}

/** `OperationMeta.stream`: `{ data: "json" }`, with the body flag the stream method sets. */
export function streamMetaLiteral(stream: StreamModel): string {
  const flag = stream.flag === undefined ? "" : `, flag: ${stringLiteral(stream.flag)}`;
  return `{ data: ${stringLiteral(stream.data)}${flag} }`;
}

/**
 * The type of one streamed event of `op`: `ServerSentEvent<Data>` for SSE (`Data` the media type's schema, or
 * `string` for a text data), the item type for line-framed streams (the elements of an array schema).
 */
export function eventsType(op: OperationModel, stream: StreamModel): string {
  const content = `NonNullable<paths[${stringLiteral(op.path)}][${stringLiteral(op.methodKey)}]>["responses"][${stringLiteral(stream.status)}]["content"][${stringLiteral(stream.mediaType)}]`;
  if (stream.format === "sse") return `ServerSentEvent<${stream.data === "text" ? "string" : content}>`;
  return stream.itemsOfArray ? `${content}[number]` : content;
}

/** The JSDoc line of a stream method: what it yields and how it ends. */
export function streamNote(stream: StreamModel): string {
  const what =
    stream.format === "sse"
      ? `server-sent events (\`${stream.mediaType}\`), each \`{ event, data, id, retry }\` with \`data\` ${stream.data === "json" ? "parsed from JSON" : "as text"}`
      : `one parsed JSON item per ${stream.format === "lines" ? "line" : "record"} (\`${stream.mediaType}\`)`;
  const flag = stream.flag === undefined ? "" : ` Sends \`${stream.flag}: true\` in the body.`;
  return `Streams: \`data\` is an \`EventStream\` of ${what}; \`for await\` pulls them, \`break\` closes the socket. The attempt timeout covers the first event, then \`stream.idleTimeoutMs\` applies between events.${flag}`;
}
