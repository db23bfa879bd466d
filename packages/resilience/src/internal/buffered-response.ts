const utf8 = new TextDecoder();

/**
 * A `Response` whose body is already in memory (read whole by the attempt, under its timer), built without a
 * `ReadableStream`: the stream machinery of a fetch `Response` costs more than the rest of a call's policies, and
 * openapi-fetch only reads `text()`, `json()` or another whole-body method once.
 *
 * It behaves as a fetch `Response` (Fetch standard §6.4, "body mixin"): `instanceof Response`, `status`,
 * `statusText`, `headers` and `ok` are the real ones; `text()` decodes UTF-8 with a BOM stripped and U+FFFD for bad
 * bytes, `json()` is `JSON.parse` of that text, `arrayBuffer()`/`bytes()` give a copy, and a second read rejects with
 * a `TypeError`, as `bodyUsed` says. `body`, `blob()`, `formData()` and `clone()` after `body` was touched go
 * through a real `Response` built on first use (its stream holds the same bytes); `body` after a whole-body read is
 * `null` (a fetch `Response` would give its disturbed stream).
 */
export class BufferedResponse extends Response {
  /** The unread body; `undefined` once read or handed to {@link BufferedResponse.#stream}. */
  #bytes: Uint8Array<ArrayBuffer> | undefined;
  /** The real `Response` that owns the bytes once a stream-based member was used. */
  #stream: Response | undefined;

  /** `bytes` is kept, not copied: the caller gives it up. `init` as for `new Response(null, init)`. */
  constructor(bytes: Uint8Array<ArrayBuffer>, init: ResponseInit) {
    super(null, init);
    this.#bytes = bytes;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#streamed()?.body ?? null;
  }

  override get bodyUsed(): boolean {
    return this.#stream === undefined ? this.#bytes === undefined : this.#stream.bodyUsed;
  }

  override async text(): Promise<string> {
    return this.#stream === undefined ? utf8.decode(this.#take()) : this.#stream.text();
  }

  override async json(): Promise<unknown> {
    return this.#stream === undefined ? JSON.parse(utf8.decode(this.#take())) : this.#stream.json();
  }

  override async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#stream !== undefined) return this.#stream.arrayBuffer();
    const bytes = this.#take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  override async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    return new Uint8Array(await this.arrayBuffer());
  }

  override async blob(): Promise<Blob> {
    return this.#streamedOrUsed().blob();
  }

  override async formData(): Promise<FormData> {
    return this.#streamedOrUsed().formData();
  }

  /** @throws TypeError when the body was already read, as a fetch `Response` does. */
  override clone(): Response {
    if (this.#stream !== undefined) return this.#stream.clone();
    const bytes = this.#bytes;
    if (bytes === undefined) throw new TypeError("Response.clone: Body has already been consumed.");
    const init = { status: this.status, statusText: this.statusText, headers: new Headers(this.headers) };
    return new BufferedResponse(bytes.slice(), init);
  }

  /** The unread bytes, now read. @throws TypeError when already read. */
  #take(): Uint8Array<ArrayBuffer> {
    const bytes = this.#bytes;
    if (bytes === undefined) throw new TypeError("Body is unusable: Body has already been read");
    this.#bytes = undefined;
    return bytes;
  }

  /** The real `Response` holding the bytes, built on first use; `undefined` when a whole-body read took them. */
  #streamed(): Response | undefined {
    if (this.#stream === undefined && this.#bytes !== undefined) {
      const init = { status: this.status, statusText: this.statusText, headers: this.headers };
      this.#stream = new Response(this.#bytes, init);
      this.#bytes = undefined;
    }
    return this.#stream;
  }

  /** {@link BufferedResponse.#streamed}. @throws TypeError when a whole-body read took the bytes. */
  #streamedOrUsed(): Response {
    const stream = this.#streamed();
    if (stream !== undefined) return stream;
    throw new TypeError("Body is unusable: Body has already been read");
  }
}
