/** `npm run torture` runs the reliability suite with FIREBREAK_TORTURE=1: the same tests, longer. */
export const torture = process.env.FIREBREAK_TORTURE === '1';

/** The count to use: `normal` in `npm test`, `long` under `npm run torture`. */
export function scaled(normal: number, long: number): number {
  return torture ? long : normal;
}
