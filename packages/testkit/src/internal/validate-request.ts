import type { IncomingHttpHeaders } from "node:http";
import { getByPointer, isRecord } from "./json-pointer.js";
import type { Route, RouteBodyContent } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";

/** Header parameters OpenAPI says to ignore: HTTP handles them (OpenAPI 3.1 §4.8.12.1). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** What a request's validation found. */
export interface RequestCheck {
  /** One line per problem, e.g. `header Idempotency-Key is required`; empty when the request fits the spec. */
  readonly errors: readonly string[];
  /** The parsed JSON body, when the body was JSON and parsed. */
  readonly json: unknown;
}

/** True for `application/json` and any `+json` media type (RFC 6839 §3.1). */
export function isJsonMediaType(mediaType: string): boolean {
  const bare = mediaType.split(";")[0]?.trim().toLowerCase() ?? "";
  return bare === "application/json" || bare.endsWith("+json");
}

function findContent(content: readonly RouteBodyContent[], contentType: string): RouteBodyContent | undefined {
  const bare = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const [type] = bare.split("/");
  return (
    content.find((c) => c.mediaType.split(";")[0]?.trim() === bare) ??
    content.find((c) => c.mediaType === `${type}/*`) ??
    content.find((c) => c.mediaType === "*/*")
  );
}

function schemaIsArray(document: unknown, pointer: string | undefined): boolean {
  const schema = pointer === undefined ? undefined : getByPointer(document, pointer);
  if (!isRecord(schema)) return false;
  const type = schema.type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

function rawParameterValue(
  route: Route,
  name: string,
  where: string,
  parts: RequestParts,
  document: unknown,
): string | string[] | undefined {
  if (where === "path") return parts.pathParams[name];
  if (where === "header") {
    const value = parts.headers[name.toLowerCase()];
    return Array.isArray(value) ? value.join(", ") : value;
  }
  if (where === "query") {
    const values = parts.query.getAll(name);
    if (values.length === 0) return undefined;
    const param = route.parameters.find((p) => p.in === "query" && p.name === name);
    return schemaIsArray(document, param?.schemaPointer) ? values.flatMap((v) => v.split(",")) : values[0];
  }
  return undefined;
}

/** The pieces of an incoming request the validator reads. */
export interface RequestParts {
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

function checkParameters(route: Route, parts: RequestParts, validator: SchemaValidator, document: unknown): string[] {
  const errors: string[] = [];
  for (const param of route.parameters) {
    if (param.in === "cookie" || (param.in === "header" && IGNORED_HEADERS.has(param.name.toLowerCase()))) continue;
    const value = rawParameterValue(route, param.name, param.in, parts, document);
    if (value === undefined) {
      if (param.required) errors.push(`${param.in} parameter ${param.name} is required`);
      continue;
    }
    if (param.schemaPointer !== undefined)
      errors.push(...validator.validate(param.schemaPointer, value, `${param.in} parameter ${param.name}`, true));
  }
  return errors;
}

function checkBody(route: Route, parts: RequestParts, validator: SchemaValidator): RequestCheck {
  const body = route.body;
  if (parts.body.length === 0) {
    return { errors: body?.required === true ? ["request body is required"] : [], json: undefined };
  }
  const contentType = String(parts.headers["content-type"] ?? "");
  if (body === undefined) return { errors: [], json: undefined };
  const content = findContent(body.content, contentType);
  if (content === undefined) {
    const expected = body.content.map((c) => c.mediaType).join(", ");
    return {
      errors: [`content-type ${JSON.stringify(contentType)} is not accepted; expected ${expected}`],
      json: undefined,
    };
  }
  if (!isJsonMediaType(contentType)) return { errors: [], json: undefined };
  let json: unknown;
  try {
    json = JSON.parse(parts.body.toString("utf8"));
  } catch (error) {
    return { errors: [`body is not valid JSON: ${(error as Error).message}`], json: undefined };
  }
  const errors = content.schemaPointer === undefined ? [] : validator.validate(content.schemaPointer, json, "body");
  return { errors, json };
}

/**
 * Validates a request against its operation: required parameters present, path/query/header values valid
 * for their schemas (coerced from strings), a required body present, its content-type declared, a JSON
 * body parseable and valid for its schema.
 */
export function validateRequest(
  route: Route,
  parts: RequestParts,
  validator: SchemaValidator,
  document: unknown,
): RequestCheck {
  const paramErrors = checkParameters(route, parts, validator, document);
  const bodyCheck = checkBody(route, parts, validator);
  return { errors: [...paramErrors, ...bodyCheck.errors], json: bodyCheck.json };
}
