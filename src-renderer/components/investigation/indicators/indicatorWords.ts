import type { IndicatorType } from '../../../../src-main/contract';

// The contract's order; the renderer may import its types only.
export const indicatorTypeChoices: readonly IndicatorType[] = ['ip', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'file-path', 'account', 'process', 'registry-key', 'text'];

export const indicatorTypeNames: Record<IndicatorType, string> = {
  ip: 'IP address',
  domain: 'domain',
  url: 'URL',
  email: 'email address',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  'file-path': 'file path',
  account: 'user account',
  process: 'process',
  'registry-key': 'registry key',
  text: 'text',
};

/** Tags as typed: "phishing, c2 wave-2" → ['phishing', 'c2', 'wave-2'] (commas, semicolons or spaces part them). */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[,;\s]+/).map((tag) => tag.trim()).filter(Boolean))];
}

/** "1 IP address", "3 IP addresses", "2 SHA-256s", "4 text". */
export function typeName(type: IndicatorType, count: number): string {
  const name = indicatorTypeNames[type];
  if (count === 1 || type === 'text') return name;
  return name.endsWith('s') ? `${name}es` : `${name}s`;
}

/** "5 IP addresses · 4 domains": counts by type, largest first. */
export function countsByType(byType: Partial<Record<IndicatorType, number>>): string {
  return Object.entries(byType)
    .filter((entry): entry is [IndicatorType, number] => (entry[1] ?? 0) > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([type, count]) => `${count} ${typeName(type, count)}`)
    .join(' · ');
}
