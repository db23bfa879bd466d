import { isRecord, resolveLocalRef } from "./internal/json-pointer.js";
import { walkSchemas } from "./internal/walk-schemas.js";

/**
 * A discriminated union (`oneOf`/`anyOf` with a `discriminator`) used as an `allOf` part of a schema that is not
 * one of its members keeps its discriminating property: `allOf: [Event, { at }]` is `(Created | Deleted) & { at }`,
 * and narrows on `kind`.
 *
 * openapi-typescript types every `allOf` `$ref` to a schema with a discriminator as `Omit<Event, "kind">` and gives
 * the holder `kind: "<holder's schema name>"` (right for a member extending its base, wrong here: the discriminant is gone and
 * nothing narrows). This rule wraps such a part in the document copy as `{ anyOf: [{ $ref }] }`, which openapi-typescript
 * types as the referenced union itself. A holder that the union lists (in `oneOf`/`anyOf` or its `mapping`) is a
 * member and is left as it is. Returns how many parts it wrapped.
 */
export function keepUnionsInAllOf(document: Record<string, unknown>): number {
  let wrapped = 0;
  walkSchemas(document, (node, path) => {
    if (!Array.isArray(node.allOf)) return;
    const holder = `#/${path.map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/")}`;
    node.allOf.forEach((part: unknown, i: number) => {
      if (!isRecord(part) || typeof part.$ref !== "string") return;
      const target = resolveLocalRef(document, part);
      if (!isRecord(target) || !isRecord(target.discriminator)) return;
      const members = [
        ...(Array.isArray(target.oneOf) ? target.oneOf : []),
        ...(Array.isArray(target.anyOf) ? target.anyOf : []),
      ].map((m) => (isRecord(m) && typeof m.$ref === "string" ? m.$ref : undefined));
      if (members.length === 0) return;
      const mapping = isRecord(target.discriminator.mapping) ? Object.values(target.discriminator.mapping) : [];
      const name = holder.split("/").pop();
      const isMember =
        members.includes(holder) || mapping.some((m) => m === holder || (typeof m === "string" && m === name));
      if (!isMember) (node.allOf as unknown[])[i] = { anyOf: [part] };
      if (!isMember) wrapped++;
    });
  });
  return wrapped;
}
