/** Types of randexp 0.6.1 (the package ships none): the part the suite uses. */
declare module "randexp" {
  export default class RandExp {
    constructor(pattern: RegExp | string, flags?: string);
    /** Upper bound of repetitions for `*` and `+`. */
    max: number;
    /** Picks an integer in [a, b]; replaced to make generation deterministic. */
    randInt: (a: number, b: number) => number;
    gen(): string;
  }
}
