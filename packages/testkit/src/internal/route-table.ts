import { escapeToken, getByPointer, isRecord, resolveRef } from "./json-pointer.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** A parameter of an operation, with the pointer of its schema in the bundled document. */
export interface RouteParameter {
  readonly name: string;
  readonly in: "path" | "query" | "header" | "cookie";
  readonly required: boolean;
  readonly schemaPointer: string | undefined;
}

/** One media type a request body may have. */
export interface RouteBodyContent {
  readonly mediaType: string;
  readonly schemaPointer: string | undefined;
  /** Pointer of the media type's Encoding Object map (form and multipart bodies, OpenAPI 3.1 §4.8.15), if any. */
  readonly encodingPointer: string | undefined;
}

/** One operation of the spec, ready to match and validate requests. */
export interface Route {
  /** `METHOD /path/{template}`, the key fault plans use. */
  readonly key: string;
  readonly method: string;
  readonly template: string;
  readonly operationId: string | undefined;
  /** Pointer of the Operation Object, e.g. `#/paths/~1charges/post`. */
  readonly pointer: string;
  readonly parameters: readonly RouteParameter[];
  readonly body: { readonly required: boolean; readonly content: readonly RouteBodyContent[] } | undefined;
  /** Lower-cased media types of every documented response's content (any status), in spec order, without repeats. */
  readonly responseMediaTypes: readonly string[];
  /** Lower-cased name of the idempotency key header, when the operation takes one. */
  readonly idempotencyHeader: string | undefined;
  readonly pattern: RegExp;
  readonly pathParamNames: readonly string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A path template as a pattern. A `#fragment` some specs add to path keys to tell operations apart is not part of
 * the request path (RFC 3986 §3.5) and is left out; a literal that URL encoding changes (`/<upload_url>`) matches
 * as written and percent-encoded.
 */
function templatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = (template.split("#")[0] ?? template)
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const match = /^\{([^}]+)\}$/.exec(part);
      if (match?.[1] === undefined) {
        const encoded = encodeURI(part);
        return encoded === part ? escapeRegExp(part) : `(?:${escapeRegExp(part)}|${escapeRegExp(encoded)})`;
      }
      names.push(match[1]);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

function collectParameters(document: unknown, pointers: string[]): RouteParameter[] {
  const byKey = new Map<string, RouteParameter>();
  for (const listPointer of pointers) {
    const list = getByPointer(document, listPointer);
    const length = Array.isArray(list) ? list.length : 0;
    for (let i = 0; i < length; i++) {
      const resolved = resolveRef(document, `${listPointer}/${i}`);
      if (resolved === undefined) continue;
      const { node, pointer } = resolved;
      const where = node.in;
      if (
        typeof node.name !== "string" ||
        (where !== "path" && where !== "query" && where !== "header" && where !== "cookie")
      )
        continue;
      const schemaPointer = isRecord(node.schema) ? `${pointer}/schema` : undefined;
      // Operation-level parameters override path-level ones with the same name and location (OpenAPI 3.1 §4.8.10.1).
      byKey.set(`${where}:${where === "header" ? node.name.toLowerCase() : node.name}`, {
        name: node.name,
        in: where,
        required: where === "path" || node.required === true,
        schemaPointer,
      });
    }
  }
  return [...byKey.values()];
}

function collectBody(document: unknown, pointer: string): Route["body"] {
  const resolved = resolveRef(document, `${pointer}/requestBody`);
  if (resolved === undefined || !isRecord(resolved.node.content)) return undefined;
  const content = Object.entries(resolved.node.content).map(([mediaType, media]) => ({
    mediaType: mediaType.toLowerCase(),
    schemaPointer:
      isRecord(media) && isRecord(media.schema)
        ? `${resolved.pointer}/content/${escapeToken(mediaType)}/schema`
        : undefined,
    encodingPointer:
      isRecord(media) && isRecord(media.encoding)
        ? `${resolved.pointer}/content/${escapeToken(mediaType)}/encoding`
        : undefined,
  }));
  return { required: resolved.node.required === true, content };
}

function collectResponseMediaTypes(document: unknown, pointer: string): string[] {
  const responses = resolveRef(document, `${pointer}/responses`);
  const types = new Set<string>();
  for (const code of Object.keys(responses?.node ?? {})) {
    const response = resolveRef(document, `${responses?.pointer}/${escapeToken(code)}`);
    if (response !== undefined && isRecord(response.node.content))
      for (const type of Object.keys(response.node.content)) types.add(type.toLowerCase());
  }
  return [...types];
}

function xOutboundKey(...levels: unknown[]): string | undefined {
  for (const level of levels) {
    const ext = isRecord(level) ? level["x-outbound"] : undefined;
    if (isRecord(ext) && typeof ext.idempotencyKey === "string") return ext.idempotencyKey.toLowerCase();
  }
  return undefined;
}

/**
 * Builds the route table of a bundled spec: one entry per operation, literal templates ordered before
 * templated ones (`/stock/summary` wins over `/stock/{sku}`, OpenAPI 3.1 §4.8.8 "Path Templating Matching").
 */
export function buildRouteTable(document: Record<string, unknown>): Route[] {
  const paths = isRecord(document.paths) ? document.paths : {};
  const routes: Route[] = [];
  for (const [template, rawItem] of Object.entries(paths)) {
    const itemPointer = `#/paths/${escapeToken(template)}`;
    const item = resolveRef(document, itemPointer);
    if (item === undefined) continue;
    for (const method of METHODS) {
      const operation = item.node[method];
      if (!isRecord(operation)) continue;
      const pointer = `${item.pointer}/${method}`;
      const parameters = collectParameters(document, [`${item.pointer}/parameters`, `${pointer}/parameters`]);
      const headerKey = parameters.find((p) => p.in === "header" && p.name.toLowerCase() === "idempotency-key");
      const { pattern, names } = templatePattern(template);
      routes.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
        pointer,
        parameters,
        body: collectBody(document, pointer),
        responseMediaTypes: collectResponseMediaTypes(document, pointer),
        idempotencyHeader: xOutboundKey(operation, rawItem, document) ?? headerKey?.name.toLowerCase(),
        pattern,
        pathParamNames: names,
      });
    }
  }
  return routes.sort((a, b) => a.pathParamNames.length - b.pathParamNames.length);
}

/** The route and decoded path parameters for a request, or why none matched (404 vs 405). */
export type RouteMatch =
  | {
      readonly kind: "found";
      readonly route: Route;
      readonly pathParams: Readonly<Record<string, string>>;
      /**
       * Further routes of the same method whose path keys differ from `route`'s only by a `#fragment` (as Box's
       * spec tells operations apart): the request is validated against each in turn and takes the first it fits.
       */
      readonly alternatives: readonly Route[];
    }
  | { readonly kind: "no-path" }
  | { readonly kind: "no-method"; readonly allowed: readonly string[] };

/** Matches a method and a URL path (no query) against the table. */
export function matchRoute(routes: readonly Route[], method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (match === null) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    const pathParams: Record<string, string> = {};
    route.pathParamNames.forEach((name, i) => {
      pathParams[name] = decodeURIComponent(match[i + 1] ?? "");
    });
    const base = route.template.split("#")[0];
    const alternatives = routes.filter((r) => r !== route && r.method === method && r.template.split("#")[0] === base);
    return { kind: "found", route, pathParams, alternatives };
  }
  return allowed.length > 0 ? { kind: "no-method", allowed } : { kind: "no-path" };
}
