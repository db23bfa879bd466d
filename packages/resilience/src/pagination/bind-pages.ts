import type { AnyCallOptions } from "../call-options.js";
import { itemsOf, type PagedOperation, type PageOptions, paginate } from "./paginate.js";

/** A generated method at run time, with the iterators of a paginated operation. */
export interface PagedMethod {
  (init?: object, callOptions?: AnyCallOptions): Promise<unknown>;
  pages(init?: object, options?: PageOptions<AnyCallOptions>): AsyncGenerator<unknown, void, undefined>;
  all(init?: object, options?: PageOptions<AnyCallOptions>): AsyncGenerator<unknown, void, undefined>;
}

/**
 * `method` (which keeps returning one page) with `.pages(init, options)` and `.all(init, options)`: async iterators
 * of the pages and of their items, over `operation`. Both check their options at the call, before any request.
 */
export function withPages(
  method: (init?: object, callOptions?: AnyCallOptions) => Promise<unknown>,
  operation: PagedOperation,
): PagedMethod {
  const paged = method as PagedMethod;
  paged.pages = (init, options) => paginate(operation, init, options);
  paged.all = (init, options) => itemsOf(paginate(operation, init, options), options?.maxItems);
  return paged;
}
