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

/** The lower-cased secret names of each downstream's `secretQueryParams` set (built once per set). */
const secretNamesBySet = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

function secretNames(secretQueryParams: ReadonlySet<string>): ReadonlySet<string> {
  let names = secretNamesBySet.get(secretQueryParams);
  if (names === undefined) {
    names = new Set([...ALWAYS_SECRET_PARAMS, ...[...secretQueryParams].map((name) => name.toLowerCase())]);
    secretNamesBySet.set(secretQueryParams, names);
  }
  return names;
}

/**
 * `url` for telemetry: user info removed, and the value of every secret query parameter (case-insensitive)
 * replaced with `REDACTED`, as the OpenTelemetry HTTP conventions specify for `url.full`. A URL without user info
 * and without a query is returned as its `href`, unparsed. A call redacts its request's URL once, for every attempt.
 */
export function redactUrl(url: URL, secretQueryParams: ReadonlySet<string>): string {
  if (url.username === "" && url.password === "" && url.search === "") return url.href;
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  if (copy.search !== "") {
    const secret = secretNames(secretQueryParams);
    const params = new URLSearchParams();
    for (const [name, value] of copy.searchParams)
      params.append(name, secret.has(name.toLowerCase()) ? "REDACTED" : value);
    copy.search = params.toString();
  }
  return copy.href;
}
