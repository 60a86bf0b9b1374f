/**
 * CVSS v3.0 / v3.1 base score from a vector string, as the FIRST specification defines it
 * (https://www.first.org/cvss/v3.1/specification-document, section 7.1 and Appendix A).
 * Null when the vector is not a complete v3 base vector: a guess would mislabel severity.
 */
const weights = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  UI: { N: 0.85, R: 0.62 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

type Weights = Record<string, number>;

function weight(table: Weights, value: string | undefined): number | null {
  return value !== undefined && Object.hasOwn(table, value) ? table[value]! : null;
}

/** v3.1's Roundup: the smallest one-decimal number >= input, computed on integers so 4.000001 floating noise does not round up. */
function roundUp31(input: number): number {
  const scaled = Math.round(input * 100_000);
  return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}

/** v3.0 defined Roundup as a plain ceiling to one decimal. */
function roundUp30(input: number): number {
  return Math.ceil(input * 10) / 10;
}

export function cvss3BaseScore(vector: string): number | null {
  const parts = vector.trim().split('/');
  const version = /^CVSS:3\.([01])$/.exec(parts[0] ?? '')?.[1];
  if (version === undefined) return null;
  const metrics = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const [key, value, extra] = part.split(':');
    if (!key || value === undefined || extra !== undefined || metrics.has(key)) return null;
    metrics.set(key, value);
  }
  const scope = metrics.get('S');
  if (scope !== 'U' && scope !== 'C') return null;
  const changed = scope === 'C';
  const av = weight(weights.AV, metrics.get('AV'));
  const ac = weight(weights.AC, metrics.get('AC'));
  const ui = weight(weights.UI, metrics.get('UI'));
  // Privileges Required weighs more when the impact crosses a security boundary.
  const pr = weight(changed ? { N: 0.85, L: 0.68, H: 0.5 } : { N: 0.85, L: 0.62, H: 0.27 }, metrics.get('PR'));
  const c = weight(weights.CIA, metrics.get('C'));
  const i = weight(weights.CIA, metrics.get('I'));
  const a = weight(weights.CIA, metrics.get('A'));
  if (av === null || ac === null || ui === null || pr === null || c === null || i === null || a === null) return null;
  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
  if (impact <= 0) return 0;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundUp = version === '1' ? roundUp31 : roundUp30;
  return changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}
