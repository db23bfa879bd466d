/** A Markdown table: header row, alignment row (text left, numbers right), body rows. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const align = headers.map((_, i) => (i === 0 ? "---" : "---:"));
  return [headers, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** `value` with thousands separators and `digits` decimals; "–" for a non-finite value. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return "–";
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as MB (10^6) with one decimal. */
export function mb(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes) ? "–" : `${num(bytes / 1e6, 1)} MB`;
}
