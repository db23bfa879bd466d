import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { withoutExampleData } from "./document-keys.js";
import { getByPointer } from "./json-pointer.js";

const SPEC_ID = "urn:outbound-testkit:spec";

/** OpenAPI's own formats (OpenAPI 3.1 §4.2): numeric widths are checked, the rest are annotations. */
const OPENAPI_FORMATS = {
  int32: { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
  float: { type: "number", validate: () => true },
  double: { type: "number", validate: () => true },
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  binary: true,
  password: true,
} as const;

/** Validates values against schemas found by JSON pointer inside one bundled OpenAPI document. */
export interface SchemaValidator {
  /**
   * Checks `value` against the schema at `pointer` (e.g. `#/paths/~1charges/post/requestBody/content/application~1json/schema`).
   * With `coerce`, strings are coerced to the schema's scalar types first (path, query and header values); with
   * `"form"`, strings at any depth are coerced in place and a lone value becomes a one-item array where the schema
   * wants an array (decoded form and multipart fields, which arrive as text).
   * @returns an empty array when valid, else one readable line per problem, prefixed by `label`.
   */
  validate(pointer: string, value: unknown, label: string, coerce?: boolean | "form"): string[];
}

function createAjv(schemaDocument: Record<string, unknown>, coerceTypes: boolean | "array"): Ajv2020 {
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    verbose: true,
    coerceTypes,
    validateSchema: false,
    logger: false,
    discriminator: false,
  });
  const addFormats = (addFormatsModule as unknown as { default: (ajv: Ajv2020) => void }).default;
  addFormats(ajv);
  for (const [name, format] of Object.entries(OPENAPI_FORMATS)) ajv.addFormat(name, format as never);
  ajv.addSchema(schemaDocument, SPEC_ID);
  return ajv;
}

function resolveLocal(document: Record<string, unknown>, node: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 16 && typeof current === "object" && current !== null && "$ref" in current; hops++) {
    const ref = (current as { $ref: unknown }).$ref;
    if (typeof ref !== "string") break;
    const pointer = ref.startsWith(SPEC_ID) ? ref.slice(SPEC_ID.length) : ref;
    if (!pointer.startsWith("#")) break;
    current = getByPointer(document, pointer);
  }
  return current;
}

/**
 * A `required` error for a property the schema marks `readOnly`: such a property is required in responses only
 * (OpenAPI 3.0.3 §4.7.24 "Fixed Fields" of the Schema Object, readOnly), so a request without it is valid. The
 * testkit validates requests only, so these errors are dropped.
 */
function readOnlyRequired(document: Record<string, unknown>, error: ErrorObject): boolean {
  if (error.keyword !== "required") return false;
  const missing = (error.params as { missingProperty?: unknown }).missingProperty;
  const parent = resolveLocal(document, error.parentSchema);
  const properties =
    typeof parent === "object" && parent !== null ? (parent as { properties?: unknown }).properties : undefined;
  if (typeof missing !== "string" || typeof properties !== "object" || properties === null) return false;
  const property = resolveLocal(document, (properties as Record<string, unknown>)[missing]);
  return typeof property === "object" && property !== null && (property as { readOnly?: unknown }).readOnly === true;
}

/** One line for one Ajv error: `body/amount must be >= 1`. */
export function formatAjvError(error: ErrorObject, label: string): string {
  const where = `${label}${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties")
    return `${where} must not have the property ${JSON.stringify(params.additionalProperty)}`;
  if (error.keyword === "enum") return `${where} must be one of ${JSON.stringify(params.allowedValues)}`;
  return `${where} ${error.message ?? "is invalid"}`;
}

/**
 * Builds a validator over a bundled OpenAPI 3.1 document (or a 3.0 one already converted by
 * `convertOpenApi30Schemas`), using Ajv 8's JSON Schema 2020-12 dialect and ajv-formats.
 * Compiled schemas are cached by pointer.
 */
export function createSchemaValidator(document: Record<string, unknown>): SchemaValidator {
  const schemaDocument = withoutExampleData(document) as Record<string, unknown>;
  const strict = createAjv(schemaDocument, false);
  const coercing = createAjv(schemaDocument, true);
  let forms: Ajv2020 | undefined;
  const cache = new Map<string, ValidateFunction>();
  return {
    validate(pointer, value, label, coerce = false) {
      const key = `${coerce === "form" ? "f" : coerce ? "c" : "s"}${pointer}`;
      let fn = cache.get(key);
      const ref = { $ref: `${SPEC_ID}${pointer}` };
      if (fn === undefined) {
        // Ajv coerces a value in place through its parent, so a coerced scalar is wrapped in an object.
        const wrapped = { type: "object", properties: { value: ref } };
        if (coerce === "form") {
          forms ??= createAjv(schemaDocument, "array");
          fn = forms.compile(wrapped);
        } else fn = coerce ? coercing.compile(wrapped) : strict.compile(ref);
        cache.set(key, fn);
      }
      // A value valid as sent is valid: coercion would make `oneOf: [integer, string]` ambiguous for "42".
      if (coerce !== false && this.validate(pointer, structuredClone(value), label, false).length === 0) return [];
      if (fn(coerce ? { value } : value)) return [];
      return (fn.errors ?? [])
        .filter((error) => !readOnlyRequired(schemaDocument, error))
        .map((error) =>
          formatAjvError(
            coerce ? { ...error, instancePath: error.instancePath.replace(/^\/value/, "") } : error,
            label,
          ),
        );
    },
  };
}
