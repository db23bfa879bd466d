/** How much work each section of the bench does. */
export interface BenchProfile {
  readonly name: "full" | "smoke";
  /** Unmeasured runs before the measured ones (per generator and spec, per runtime variant, per compiler). */
  readonly warmupRuns: number;
  /** Measured runs; every figure is the median over them. */
  readonly runs: number;
  /** Specs of the corpus to generate (all when undefined). Stripe is always included. */
  readonly generationSpecs: readonly string[] | undefined;
  /** Specs on which the third-party generators (hey-api, orval) also run (all when undefined). */
  readonly thirdPartySpecs: readonly string[] | undefined;
  /** Specs on which `outbound` also runs from source through tsx (`outboundSource`; all when undefined). */
  readonly sourceCliSpecs: readonly string[] | undefined;
  /**
   * Whether the compiler of the other major version also compiles the baseline and the declarations consumer (the
   * repo's compiler always compiles all three); without, only the Outbound consumer.
   */
  readonly typecheckOtherCompilerFully: boolean;
  /** Calls per measured runtime run at 32 concurrent callers, and unmeasured calls before them. */
  readonly loadCalls: number;
  readonly loadWarmupCalls: number;
  /** Calls per measured run with one caller (the added-latency measurement). */
  readonly serialCalls: number;
  /**
   * Measured runs with one caller, per variant (at least `runs`): the one-caller p50 moves by tens of µs from one
   * process to the next on a 2-core machine (which core each process lands on), more than the added latency it
   * measures, so its median takes more runs; a run of 4 000 calls takes about a second.
   */
  readonly serialRuns: number;
  /** Variants also run with one caller (all when undefined); the overhead figure needs the two Outbound ones. */
  readonly serialVariants: readonly string[] | undefined;
  /** Calls for the memory figures: the baseline point and the end point. */
  readonly memoryBaselineCalls: number;
  readonly memoryCalls: number;
}

/** The full benchmark (`pnpm bench`): about 20–25 minutes on a quiet 2-core machine. */
export const FULL_PROFILE: BenchProfile = Object.freeze({
  name: "full",
  warmupRuns: 1,
  runs: 3,
  generationSpecs: undefined,
  thirdPartySpecs: undefined,
  sourceCliSpecs: ["stripe", "redocly-museum"],
  typecheckOtherCompilerFully: true,
  loadCalls: 20_000,
  loadWarmupCalls: 5_000,
  serialCalls: 4_000,
  serialRuns: 7,
  serialVariants: undefined,
  memoryBaselineCalls: 1_000,
  memoryCalls: 100_000,
});

/** `--smoke`: tiny counts, one run each, so CI proves the bench still runs (well under a minute of work). */
export const SMOKE_PROFILE: BenchProfile = Object.freeze({
  name: "smoke",
  warmupRuns: 0,
  runs: 1,
  generationSpecs: ["stripe", "redocly-museum"],
  thirdPartySpecs: ["redocly-museum"],
  sourceCliSpecs: ["redocly-museum"],
  typecheckOtherCompilerFully: false,
  loadCalls: 1_000,
  loadWarmupCalls: 200,
  serialCalls: 200,
  serialRuns: 1,
  serialVariants: ["openapiFetchTransport", "outboundPipeline"],
  memoryBaselineCalls: 200,
  memoryCalls: 1_000,
});
