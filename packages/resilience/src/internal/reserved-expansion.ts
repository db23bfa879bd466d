/**
 * Percent-encoding of a query or form value under `allowReserved: true` (OpenAPI 3.1 §4.8.12.4 Parameter Object,
 * §4.8.15 Encoding Object; 3.0 §4.7.12, §4.7.15): RFC 6570 §3.2.3 reserved expansion, which lets RFC 3986 §2.2's
 * reserved characters and percent-encoded triples through as they are and percent-encodes everything else
 * (`%` outside a triple included).
 *
 * The reserved characters that would change the string's meaning are still encoded, as OpenAPI 3.1.2 and 3.2.0
 * (Parameter Object, "URL Percent-Encoding"; Appendix C, whose worked example pre-encodes `[]#&=+`; Appendix E,
 * "Percent-Encoding and form-urlencoded") require of the application: `[`, `]` and `#`, which RFC 3986 §3.4 does not
 * allow in a query, and `&`, `=` and `+`, the `application/x-www-form-urlencoded` pair delimiters and space escape
 * (a query string is parsed as that format). So `:/?@!$'()*,;` are sent as they are.
 */

/** Escapes of the reserved characters reserved expansion sends unencoded: `: / ? @ ! $ ' ( ) * , ;`. */
const PASSED_THROUGH = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

/** A percent-encoded triple (`%2F`, `%e2`): passed through unchanged. */
const TRIPLE = /(%[0-9A-Fa-f]{2})/;

/**
 * `text` under reserved expansion (see the module note): `a/b:c?d` → `a/b:c?d`, `x+y&z=1` → `x%2By%26z%3D1`,
 * `50%` → `50%25`, `%2F` → `%2F`, `é` → `%C3%A9`.
 * @throws URIError for a lone surrogate (as `encodeURIComponent`).
 */
export function encodeReserved(text: string): string {
  return text
    .split(TRIPLE)
    .map((piece, index) =>
      index % 2 === 1 ? piece : encodeURIComponent(piece).replace(PASSED_THROUGH, (e) => decodeURIComponent(e)),
    )
    .join("");
}
