import { enumNames } from "./enum-names.js";
import { jsDoc, propertyKey, stringLiteral } from "./internal/code-text.js";
import { dedupeNames } from "./internal/identifiers.js";
import { isRecord } from "./internal/json-pointer.js";

type EnumValue = string | number | boolean;

/** One enum found in `components.schemas`. */
interface FoundEnum {
  /** Where it is, for the JSDoc: `components.schemas.Job.properties.status`. */
  readonly where: string;
  /** The named schema holding it. */
  readonly schemaName: string;
  /** The property it types, for an inline enum property. */
  readonly property?: string;
  /** Values in spec order, `null` left out (it stays in the schema type as `| null`). */
  readonly values: readonly EnumValue[];
}

/** Globals the generated module uses or a reader expects; an enum named like one gets a suffix. */
const GLOBALS_IN_USE = [
  "Object",
  "Array",
  "Promise",
  "JSON",
  "Math",
  "Symbol",
  "String",
  "Number",
  "Boolean",
  "Error",
  "globalThis",
];

/** Spelled-out names of punctuation in enum values, for member names (`!=` → `not_eq`). */
const SYMBOL_WORDS: Readonly<Record<string, string>> = {
  "=": "eq",
  "!": "not",
  "<": "lt",
  ">": "gt",
  "~": "tilde",
  "^": "caret",
  "*": "star",
  "+": "plus",
  "%": "percent",
  "&": "and",
  "|": "pipe",
  "@": "at",
  "#": "hash",
  "?": "q",
  "(": "lparen",
  ")": "rparen",
  "[": "lbracket",
  "]": "rbracket",
  "{": "lbrace",
  "}": "rbrace",
  "'": "quote",
  '"': "dquote",
  "`": "backtick",
  "\\": "backslash",
  ",": "comma",
  ";": "semicolon",
  ":": "colon",
  "/": "slash",
};

/**
 * `enums.gen.ts`: a frozen const object per enum in `components.schemas` (a named enum schema, or an inline enum
 * property of a named object schema), plus a `<Name>Value` union type, in document order. Const names: see
 * enum-names.ts (a named schema keeps its name). Member names:
 * - a value that is an identifier name is its own member name (`IN`, `constructor`, `__proto__` as an own key);
 * - any other value gets a derived name: separators become `_`, punctuation is spelled out (`!=` → `not_eq`),
 *   a leading digit gets `_` (`2fa` → `_2fa`), numbers become `_1`, `minus_1`, `_1_5`;
 * - identifier-named values claim their names first, then derived names in spec order, a taken name getting
 *   `_2`, `_3`, … — so distinct values never share a member, and the result is the same on every run.
 * Values keep spec order (no member name is an array index, which would reorder `Object.keys`).
 */
export function emitEnums(document: Record<string, unknown>, header: string): string {
  const found = findEnums(document);
  const schemas =
    isRecord(document.components) && isRecord(document.components.schemas) ? document.components.schemas : {};
  const names = enumNames(found, Object.keys(schemas), GLOBALS_IN_USE);
  const blocks = found.map((e, i) => enumBlock(e, names[i] as string));
  return `${header}\n${blocks.join("\n")}${blocks.length === 0 ? "export {};\n" : ""}`;
}

function enumBlock(found: FoundEnum, name: string): string {
  const members = memberNames(found.values);
  const body = found.values.map((v, i) => `  ${propertyKey(members[i] as string)}: ${literal(v)},`).join("\n");
  return (
    jsDoc([`Values of \`${found.where}\`, in spec order.`]) +
    `export const ${name} = Object.freeze({\n${body}\n} as const);\n` +
    jsDoc([`One of the values of {@link ${name}}.`]) +
    `export type ${name}Value = (typeof ${name})[keyof typeof ${name}];\n`
  );
}

function literal(value: EnumValue): string {
  return typeof value === "string" ? stringLiteral(value) : String(value);
}

/** Member names for enum values, in value order (see {@link emitEnums}). */
export function memberNames(values: readonly EnumValue[]): string[] {
  const verbatim = values.map((v) => typeof v === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(v));
  const candidates = values.map((v, i) => (verbatim[i] ? (v as string) : derivedName(v)));
  const order = [...values.keys()].sort((a, b) => Number(verbatim[b]) - Number(verbatim[a]) || a - b);
  const assigned = dedupeNames(
    order.map((i) => candidates[i] as string),
    [],
    "_",
  );
  const result: string[] = new Array<string>(values.length);
  order.forEach((valueIndex, k) => {
    result[valueIndex] = assigned[k] as string;
  });
  return result;
}

function derivedName(value: EnumValue): string {
  if (typeof value !== "string") {
    const text = String(value);
    return typeof value === "boolean" ? text : `_${text.replace(/^-/, "minus_").replace(/[.+]/g, "_")}`;
  }
  const parts: string[] = [];
  let word = "";
  const flush = () => {
    if (word) parts.push(word);
    word = "";
  };
  for (const ch of value) {
    if (/[A-Za-z0-9_$]/.test(ch)) word += ch;
    else if (/[\s\-.]/.test(ch)) flush();
    else {
      flush();
      parts.push(SYMBOL_WORDS[ch] ?? `u${ch.codePointAt(0)?.toString(16) ?? "0"}`);
    }
  }
  flush();
  const name = parts.join("_");
  return name.length === 0 ? "empty" : /^[0-9]/.test(name) ? `_${name}` : name;
}

function enumValues(schema: Record<string, unknown>): EnumValue[] | undefined {
  if (!Array.isArray(schema.enum)) return undefined;
  const values = schema.enum.filter((v): v is EnumValue => ["string", "number", "boolean"].includes(typeof v));
  const unique = values.filter((v, i) => values.indexOf(v) === i);
  return unique.length > 0 ? unique : undefined;
}

function findEnums(document: Record<string, unknown>): FoundEnum[] {
  const components = isRecord(document.components) ? document.components : {};
  const schemas = isRecord(components.schemas) ? components.schemas : {};
  const found: FoundEnum[] = [];
  for (const [schemaName, schema] of Object.entries(schemas)) {
    if (!isRecord(schema)) continue;
    const own = enumValues(schema);
    if (own) found.push({ where: `components.schemas.${schemaName}`, schemaName, values: own });
    const properties = isRecord(schema.properties) ? schema.properties : {};
    for (const [property, propertySchema] of Object.entries(properties)) {
      const values = isRecord(propertySchema) ? enumValues(propertySchema) : undefined;
      if (values) {
        found.push({
          where: `components.schemas.${schemaName}.properties.${property}`,
          schemaName,
          property,
          values,
        });
      }
    }
  }
  return found;
}
