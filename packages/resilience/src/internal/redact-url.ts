/**
 * Query parameters always redacted in `url.full`: the OpenTelemetry HTTP semantic conventions' defaults
 * (AWSAccessKeyId, Signature, sig, X-Goog-Signature) plus common token names.
 */
const ALWAYS_SECRET_PARAMS = [
  "awsaccesskeyid",
  "signature",
  "sig",
  "x-goog-signature",
  "access_token",
  "api_key",
  "apikey",
  "client_secret",
  "token",
];

/**
 * `url` for telemetry: user info removed, and the value of every secret query parameter (case-insensitive)
 * replaced with `REDACTED`, as the OpenTelemetry HTTP conventions specify for `url.full`.
 */
export function redactUrl(url: URL, secretQueryParams: ReadonlySet<string>): string {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  const secret = new Set([...ALWAYS_SECRET_PARAMS, ...[...secretQueryParams].map((name) => name.toLowerCase())]);
  if (copy.search === "") return copy.href;
  const params = new URLSearchParams();
  for (const [name, value] of copy.searchParams)
    params.append(name, secret.has(name.toLowerCase()) ? "REDACTED" : value);
  copy.search = params.toString();
  return copy.href;
}
