import type { IncomingHttpHeaders } from "node:http";
import { parse as parseQueryString } from "qs";
import { type DecodedBody, decodeBody, type ReceivedPart } from "./decode-body.js";
import { getByPointer, isRecord } from "./json-pointer.js";
import { acceptable, acceptedRanges, bareMediaType, isJsonMediaType, rangeCovers } from "./media-types.js";
import type { Route, RouteBodyContent } from "./route-table.js";
import type { SchemaValidator } from "./schema-validator.js";

/** Header parameters OpenAPI says to ignore: HTTP handles them (OpenAPI 3.1 §4.8.12.1). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

/** What a request's validation found. */
export interface RequestCheck {
  /** One line per problem, e.g. `header Idempotency-Key is required`; empty when the request fits the spec. */
  readonly errors: readonly string[];
  /**
   * The status a request with problems is answered with: 415 when the body's Content-Type is not one the operation
   * accepts (RFC 9110 §15.5.16), 406 when the Accept header matches none of the operation's response media types
   * (RFC 9110 §15.5.7), else 400. Undefined when there is no problem.
   */
  readonly status: 400 | 406 | 415 | undefined;
  /** The parsed JSON body, when the body was JSON and parsed. */
  readonly json: unknown;
  /** The body decoded by its media type (see {@link DecodedBody.value}); undefined without a body. */
  readonly decoded: unknown;
  /** The declared media type the body matched (lower-case, as the spec writes it). */
  readonly mediaType: string | undefined;
  /** The parts of a multipart body. */
  readonly parts: readonly ReceivedPart[] | undefined;
}

export { isJsonMediaType };

function findContent(content: readonly RouteBodyContent[], contentType: string): RouteBodyContent | undefined {
  const bare = bareMediaType(contentType);
  return (
    content.find((c) => bareMediaType(c.mediaType) === bare) ??
    content.find((c) => c.mediaType.endsWith("/*") && rangeCovers(c.mediaType, bare))
  );
}

function schemaIsObject(document: unknown, pointer: string | undefined): boolean {
  let schema = pointer === undefined ? undefined : getByPointer(document, pointer);
  if (isRecord(schema) && typeof schema.$ref === "string") schema = getByPointer(document, schema.$ref);
  if (!isRecord(schema)) return false;
  const type = schema.type;
  return (
    type === "object" ||
    (Array.isArray(type) && type.includes("object")) ||
    (type === undefined && isRecord(schema.properties))
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
    if (schemaIsObject(document, route.parameters.find((p) => p.in === "query" && p.name === name)?.schemaPointer)) {
      // deepObject (`scope[type]=account`, OpenAPI 3.1 §4.8.12.4): bracket notation, decoded with qs.
      const parsed = parseQueryString(parts.query.toString(), { depth: 16, plainObjects: true }) as Record<
        string,
        unknown
      >;
      return parsed[name] as string | string[] | undefined;
    }
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
      errors.push(
        ...validator.validate(
          param.schemaPointer,
          value,
          `${param.in} parameter ${param.name}`,
          isRecord(value) ? "form" : true,
        ),
      );
  }
  return errors;
}

interface BodyCheck {
  readonly errors: readonly string[];
  readonly unsupported: boolean;
  readonly decoded: DecodedBody | undefined;
  readonly mediaType: string | undefined;
}

async function checkBody(
  route: Route,
  parts: RequestParts,
  validator: SchemaValidator,
  document: unknown,
): Promise<BodyCheck> {
  const body = route.body;
  const none = { unsupported: false, decoded: undefined, mediaType: undefined };
  if (parts.body.length === 0) return { ...none, errors: body?.required === true ? ["request body is required"] : [] };
  if (body === undefined) return { ...none, errors: [] };
  const contentType = String(parts.headers["content-type"] ?? "");
  const content = findContent(body.content, contentType);
  if (content === undefined) {
    const expected = body.content.map((c) => c.mediaType).join(", ");
    return {
      ...none,
      unsupported: true,
      errors: [`content-type ${JSON.stringify(contentType)} is not accepted; expected ${expected}`],
    };
  }
  const decoded = await decodeBody(document, content, contentType, parts.body, validator);
  return { errors: decoded.errors, unsupported: false, decoded, mediaType: content.mediaType };
}

function checkAccept(route: Route, parts: RequestParts): string[] {
  if (route.responseMediaTypes.length === 0) return [];
  const accept = parts.headers.accept;
  const ranges = acceptedRanges(Array.isArray(accept) ? accept.join(", ") : accept);
  if (route.responseMediaTypes.some((offered) => acceptable(ranges, offered))) return [];
  return [
    `accept ${JSON.stringify(String(accept))} matches none of the operation's response media types: ${route.responseMediaTypes.join(", ")}`,
  ];
}

/**
 * Validates a request against its operation: required parameters present, path/query/header values valid for
 * their schemas (coerced from strings), a required body present, its Content-Type declared (else 415), the body
 * decoded by its media type and valid for its schema (see `decodeBody`), and an `Accept` header that matches at
 * least one of the operation's response media types (else 406).
 */
export async function validateRequest(
  route: Route,
  parts: RequestParts,
  validator: SchemaValidator,
  document: unknown,
): Promise<RequestCheck> {
  const paramErrors = checkParameters(route, parts, validator, document);
  const bodyCheck = await checkBody(route, parts, validator, document);
  const acceptErrors = checkAccept(route, parts);
  const errors = [...paramErrors, ...bodyCheck.errors, ...acceptErrors];
  const status = bodyCheck.unsupported ? 415 : acceptErrors.length > 0 ? 406 : errors.length > 0 ? 400 : undefined;
  return {
    errors,
    status,
    json: bodyCheck.decoded?.json,
    decoded: bodyCheck.decoded?.value,
    mediaType: bodyCheck.mediaType,
    parts: bodyCheck.decoded?.parts,
  };
}
