/**
 * How every hint the CLI prints (and the generated client README) tells the user to run pnpm: through npx, pinned
 * to the repo's pnpm, because a fresh machine has no global `pnpm` (the repo README's commands use the same).
 */
export const PNPM_COMMAND = "npx -y pnpm@12.4.2";
