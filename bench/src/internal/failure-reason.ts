import { stripVTControlCharacters } from "node:util";

/**
 * What went wrong in a failed generator run, in one line of at most 200 characters after `exit <code>: `: the first
 * line naming an error (joined with the next line when it ends in ":"), else one saying unsupported/invalid/cannot,
 * else the first line. Colours and hey-api's `[Job n]` prefixes are removed.
 */
export function failureReason(output: string, code: number | null): string {
  const lines = stripVTControlCharacters(output)
    .split("\n")
    .map((l) => l.replace(/^\[Job \d+\]\s*/, "").trim())
    .filter((l) => l !== "");
  let at = lines.findIndex((l) => /\b[A-Za-z]*Error\b[:(]|^error\b|\bfailed\b/i.test(l));
  if (at < 0) at = lines.findIndex((l) => /unsupported|invalid|cannot/i.test(l));
  // A line that ends in ":" announces the message on the next line (hey-api: "Failed with the message:").
  const line = at < 0 ? (lines[0] ?? "") : lines[at]?.endsWith(":") ? `${lines[at]} ${lines[at + 1] ?? ""}` : lines[at];
  return `exit ${String(code)}: ${(line ?? "").slice(0, 200)}`;
}
