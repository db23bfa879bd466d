/** Resources the server has created, by concrete path (`/charges/ch_000001`), and the ids it hands out. */
export class ResourceStore {
  readonly #resources = new Map<string, Record<string, unknown>>();
  #nextId = 1;

  /** The stored resource at a concrete path (trailing slash ignored), or undefined. */
  get(path: string): Record<string, unknown> | undefined {
    return this.#resources.get(normalisePath(path));
  }

  set(path: string, resource: Record<string, unknown>): void {
    this.#resources.set(normalisePath(path), resource);
  }

  delete(path: string): boolean {
    return this.#resources.delete(normalisePath(path));
  }

  /** Every stored resource path, in creation order. */
  paths(): string[] {
    return [...this.#resources.keys()];
  }

  /**
   * A new id shaped like `example`: its prefix up to the first `_` or `-` (`ch_3Nq0a1` → `ch_000001`), a UUID
   * (`00000000-0000-4000-8000-000000000001`) when `uuid` is true, else `id_000001`. Sequential per server, so
   * ids are reproducible run to run.
   */
  newId(example: unknown, uuid: boolean): string {
    const n = this.#nextId++;
    if (uuid) return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
    const prefix = typeof example === "string" ? /^[A-Za-z]+[_-]/.exec(example)?.[0] : undefined;
    return `${prefix ?? "id_"}${String(n).padStart(6, "0")}`;
  }

  clear(): void {
    this.#resources.clear();
    this.#nextId = 1;
  }
}

/** `/a/b/` → `/a/b`. */
export function normalisePath(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, "") : path;
}
