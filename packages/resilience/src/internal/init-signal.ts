import type { AnyCallOptions } from "../call-options.js";
import { InvalidOptionsError } from "../invalid-options-error.js";

/**
 * Moves openapi-fetch's `init.signal` into the call options, where the call's deadline follows it: the Request
 * openapi-fetch builds then never carries the caller's signal (Node's Request constructor adds an `abort`
 * listener to it that stays until the Request is garbage-collected), and the call follows one signal, not the
 * Request's copy of it. `init` and `options` are returned unchanged when the init has no signal (`null` counts
 * as none, as for `RequestInit.signal`); otherwise a copy of each, the init's `signal` undefined.
 * @throws InvalidOptionsError when the init and the options give two different signals (nothing is sent).
 */
export function moveInitSignal<I extends object | undefined>(
  init: I,
  options: AnyCallOptions | undefined,
): { readonly init: I; readonly options: AnyCallOptions | undefined } {
  const signal = (init as { readonly signal?: unknown } | undefined)?.signal;
  if (signal === undefined || signal === null) return { init, options };
  if (options?.signal !== undefined && options.signal !== signal) {
    throw new InvalidOptionsError(
      "signal",
      "init.signal and the call options' signal are two different signals",
      "Give the signal once (either place), or combine them with AbortSignal.any() yourself",
    );
  }
  return { init: { ...init, signal: undefined }, options: { ...options, signal: signal as AbortSignal } };
}
