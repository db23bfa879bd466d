/** A multipart body as bytes, with the Content-Type that names its boundary. */
export interface FramedMultipart {
  readonly bytes: Uint8Array;
  /** `multipart/form-data; boundary=…` */
  readonly contentType: string;
}

/**
 * Writes `form` (already holding each part's value, name, filename and type) as `multipart/form-data` bytes (RFC
 * 7578) with extra headers on the parts `headersOf` names: the platform's `FormData` writes only
 * `Content-Disposition` and `Content-Type`, so these bodies are framed by `form-data` (4.0.6, whose `append`
 * takes per-part headers). The framing matches the platform's: a file part's type is its Blob's, else
 * `application/octet-stream`; a text part has no Content-Type and its line breaks are CRLF (WHATWG HTML
 * "multipart/form-data encoding algorithm"); names and filenames escape `"`, CR and LF as `%22`, `%0D`, `%0A`.
 * Filenames are sent without a directory (RFC 7578 §4.2). Every Blob is read here, once. `form-data` is loaded on
 * first use (its CommonJS tree, mime-db included, takes ~60 ms to load): a service that never sends part headers
 * never pays for it.
 */
export async function frameMultipart(
  form: FormData,
  headersOf: (name: string) => Readonly<Record<string, string>> | undefined,
): Promise<FramedMultipart> {
  const { default: MultipartStream } = await import("form-data");
  const out = new MultipartStream();
  for (const [name, value] of form) {
    const header = headersOf(name);
    const extra = header === undefined ? {} : { header: { ...header } };
    if (typeof value === "string") out.append(name, value.replace(/\r(?!\n)|(?<!\r)\n/g, "\r\n"), extra);
    else
      out.append(name, Buffer.from(await value.arrayBuffer()), {
        ...extra,
        filename: value.name,
        contentType: value.type === "" ? "application/octet-stream" : value.type,
      });
  }
  return { bytes: out.getBuffer(), contentType: `multipart/form-data; boundary=${out.getBoundary()}` };
}
