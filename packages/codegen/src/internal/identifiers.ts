/** ECMAScript reserved words (ES2023 §12.7.2, strict mode included) and names that behave like them. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new null return super switch this throw true try typeof var void while with " +
    "yield let static implements interface package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

/**
 * Names that must not become own members of a generated object: `Object.prototype` members (a map lookup by name
 * would find the inherited one), and `then` (an object with `then` is treated as a promise by `await`).
 */
const UNSAFE_MEMBERS = new Set([
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
  "__proto__",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "then",
]);

/** True for a name that {@link safeIdentifier} would suffix. */
export function isReservedName(name: string): boolean {
  return RESERVED.has(name) || UNSAFE_MEMBERS.has(name);
}

/** Splits free text into ASCII alphanumeric words (`items.list` → `items`, `list`; `{id}` → `By`, `id`). */
export function words(text: string): string[] {
  return text
    .replace(/\{([^}]*)\}/g, " By $1 ")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Splits free text into words of identifier characters in any script (ECMAScript §12.7 IdentifierName: Unicode
 * `ID_Continue`), `_` and everything else separating them (`items.list` → `items`, `list`; `café_ñandú` → `café`,
 * `ñandú`; `λ🚀` → `λ`; `{id}` → `By`, `id`).
 */
export function identifierWords(text: string): string[] {
  return text
    .replace(/\{([^}]*)\}/g, " By $1 ")
    .split(/[^\p{ID_Continue}]+|_+/u)
    .filter((w) => w.length > 0);
}

/**
 * camelCase from words: the first word starts lower-case (lower-cased whole when all capitals, `HTTP` → `http`),
 * later words start upper-case; the rest of each word is kept.
 */
export function camelCase(parts: readonly string[]): string {
  return parts
    .map((w, i) => {
      if (i === 0) return /^[A-Z0-9]+$/.test(w) ? w.toLowerCase() : w.charAt(0).toLowerCase() + w.slice(1);
      return w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join("");
}

/** PascalCase from words. */
export function pascalCase(parts: readonly string[]): string {
  return parts.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
}

/**
 * Makes a candidate a legal, harmless identifier: a first character that may not start an identifier (a digit, a
 * combining mark: not Unicode `ID_Start`, `$` or `_`) gets `_` before it (`2faStatus` → `_2faStatus`);
 * a reserved word or unsafe member name gets `_` after it (`delete` → `delete_`, `constructor` → `constructor_`).
 */
export function safeIdentifier(candidate: string, fallback: string): string {
  let name = candidate.length > 0 ? candidate : fallback;
  if (!/^[\p{ID_Start}$_]/u.test(name)) name = `_${name}`;
  if (isReservedName(name)) name = `${name}_`;
  return name;
}

/**
 * Gives every candidate a distinct name, deterministically: a name wanted once is kept; where several want one
 * name, the first in input order keeps it and the next get `separator` + `2`, `3`, … appended (skipping any name
 * already taken or wanted by another candidate).
 */
export function dedupeNames(candidates: readonly string[], taken: Iterable<string> = [], separator = ""): string[] {
  const used = new Set<string>(taken);
  const wanted = new Set(candidates);
  const result: string[] = [];
  for (const name of candidates) {
    if (!used.has(name)) {
      used.add(name);
      result.push(name);
      continue;
    }
    let n = 2;
    while (used.has(`${name}${separator}${n}`) || wanted.has(`${name}${separator}${n}`)) n++;
    used.add(`${name}${separator}${n}`);
    result.push(`${name}${separator}${n}`);
  }
  return result;
}
