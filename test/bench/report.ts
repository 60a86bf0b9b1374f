import fs from 'node:fs';
import path from 'node:path';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Prints the result and keeps it in bench-results/NAME.json for the closing note and for comparisons. */
export function writeReport(name: string, result: Record<string, unknown>): void {
  const dir = path.resolve('bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const report = { name, measuredAt: new Date().toISOString(), node: process.version, ...result };
  fs.writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
}
