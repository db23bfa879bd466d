/**
 * Parsing of the server's requested wait: `retry-after-ms` (milliseconds, a non-standard header several APIs
 * send) and `Retry-After` (RFC 9110 §10.2.3: delta-seconds = 1*DIGIT, or an HTTP-date, §5.6.7, in any of its
 * three formats). Anything else (negative, fractional seconds, words, impossible dates) is invalid and ignored,
 * so the caller falls back to its backoff.
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY = "(?:mon|tue|wed|thu|fri|sat|sun)";
const LONG_DAY = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
const MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)";
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
/** IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`, "i");
/** Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC_850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`, "i");
/** Obsolete asctime: `Sun Nov  6 08:49:37 1994`. */
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`, "i");

function utc(year: number, month: string, day: number, h: number, m: number, s: number): number | undefined {
  const monthIndex = MONTHS.indexOf(month.toLowerCase());
  if (h > 23 || m > 59 || s > 60 || day < 1 || day > 31) return undefined;
  const time = Date.UTC(year, monthIndex, day, h, m, Math.min(s, 59));
  // Reject dates that roll over (e.g. 31 Feb).
  return new Date(time).getUTCDate() === day ? time : undefined;
}

/** Parses an HTTP-date (RFC 9110 §5.6.7, all three formats) to epoch ms; undefined when invalid. */
export function parseHttpDate(value: string): number | undefined {
  let match = IMF_FIXDATE.exec(value);
  if (match !== null)
    return utc(
      Number(match[3]),
      match[2] ?? "",
      Number(match[1]),
      Number(match[4]),
      Number(match[5]),
      Number(match[6]),
    );
  match = RFC_850.exec(value);
  if (match !== null) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    const yy = Number(match[3]);
    const currentYear = new Date().getUTCFullYear();
    let year = Math.floor(currentYear / 100) * 100 + yy;
    if (year > currentYear + 50) year -= 100;
    return utc(year, match[2] ?? "", Number(match[1]), Number(match[4]), Number(match[5]), Number(match[6]));
  }
  match = ASCTIME.exec(value);
  if (match !== null)
    return utc(
      Number(match[6]),
      match[1] ?? "",
      Number(match[2]?.trim()),
      Number(match[3]),
      Number(match[4]),
      Number(match[5]),
    );
  return undefined;
}

/**
 * Parses a `Retry-After` value to a wait in ms relative to `now` (epoch ms): delta-seconds × 1000, or the
 * HTTP-date minus now (0 when the date is past). Undefined when invalid.
 */
export function parseRetryAfterValue(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1_000;
  const date = parseHttpDate(trimmed);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** Parses a `retry-after-ms` value (non-negative decimal milliseconds); undefined when invalid. */
export function parseRetryAfterMsValue(value: string): number | undefined {
  const trimmed = value.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Math.ceil(Number(trimmed)) : undefined;
}

/**
 * The wait a response asks for, in ms: a valid `retry-after-ms` wins over `Retry-After`; undefined when neither
 * is present and valid. The result may be huge (even Infinity for absurd digit strings); the caller compares it
 * with its `maxRetryAfterMs`.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  const fromMs = ms === null ? undefined : parseRetryAfterMsValue(ms);
  if (fromMs !== undefined) return fromMs;
  const value = headers.get("retry-after");
  return value === null ? undefined : parseRetryAfterValue(value, now);
}
