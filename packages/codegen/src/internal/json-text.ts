/**
 * JSON as the repo's formatter (Biome) writes it: two-space indent, objects one key per line, arrays of scalars on
 * one line, trailing newline — so a scaffolded file passes `biome check` untouched.
 */
export function jsonText(value: unknown): string {
  return `${print(value, "")}\n`;
}

function print(value: unknown, indent: string): string {
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== "object"))
      return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    const inner = `${indent}  `;
    return `[\n${value.map((v) => `${inner}${print(v, inner)}`).join(",\n")}\n${indent}]`;
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const inner = `${indent}  `;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${print(v, inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(value);
}
