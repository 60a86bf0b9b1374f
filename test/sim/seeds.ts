/** The seeds `npm run sim` was asked for: SIM_SEED=n, or SIM_SEEDS=a..b. */
export function seedsOf(single: string | undefined, range: string | undefined): number[] {
  if (single) return [Number(single)];
  const match = /^(\d+)\.\.(\d+)$/.exec(range ?? '');
  if (!match) throw new Error(`SIM_SEEDS is a range like 1..50, not ${range}`);
  const [from, to] = [Number(match[1]), Number(match[2])];
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
