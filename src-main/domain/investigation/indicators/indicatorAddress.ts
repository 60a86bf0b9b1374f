/**
 * IP addresses as indicators: IPv4 (dotted quad, strict), IPv6 (RFC 4291 text forms, written back in
 * the RFC 5952 canonical form) and CIDR blocks of either, with a reason a responder can act on.
 * Parsed by hand rather than with `node:net`: the domain layer does no I/O, and `isIP` gives no reason.
 */

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

const ipv4Shape = /^\d+(?:\.\d+)*$/;

/** Whether a value is shaped like an attempt at a dotted IPv4 address (digits and dots, 2 to 6 parts). */
export function looksLikeIpv4(value: string): boolean {
  const parts = value.split('/')[0]!.split('.').length;
  return ipv4Shape.test(value.split('/')[0]!) && parts >= 2 && parts <= 6;
}

/** Whether a value is shaped like an IPv6 address: hex groups and at least two colons. */
export function looksLikeIpv6(value: string): boolean {
  const address = value.split('/')[0]!;
  return /^[0-9a-f:.%]+$/i.test(address) && (address.match(/:/g)?.length ?? 0) >= 2 && /^[0-9a-f:]/i.test(address);
}

function parseIpv4(value: string): { ok: true; octets: number[] } | { ok: false; reason: string } {
  const parts = value.split('.');
  if (parts.length !== 4) return { ok: false, reason: `looks like an IPv4 address but has ${parts.length} parts (an IPv4 address has 4)` };
  const octets: number[] = [];
  for (const part of parts) {
    if (part === '') return { ok: false, reason: 'not an IPv4 address: a part between dots is empty' };
    if (!/^\d+$/.test(part)) return { ok: false, reason: `not an IPv4 address: ${part} is not a number from 0 to 255` };
    // 010 is 8 to inet_aton and 10 to most people: refuse to guess which the source meant.
    if (part.length > 1 && part.startsWith('0')) return { ok: false, reason: `not an IPv4 address: the leading zero of ${part} is ambiguous (octal to some tools); write ${String(Number(part))}` };
    if (part.length > 3 || Number(part) > 255) return { ok: false, reason: `not an IPv4 address: ${part} is more than 255` };
    octets.push(Number(part));
  }
  return { ok: true, octets };
}

function parseIpv6(value: string): { ok: true; groups: number[] } | { ok: false; reason: string } {
  if (value.includes('%')) return { ok: false, reason: 'not an IPv6 address: a zone (%eth0) only means something on one host; drop it' };
  if (!/^[0-9a-f:.]+$/i.test(value)) return { ok: false, reason: 'not an IPv6 address: only hex digits, colons and an IPv4 tail are allowed' };
  const halves = value.split('::');
  if (halves.length > 2) return { ok: false, reason: 'not an IPv6 address: "::" may appear only once' };
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  const all = [...head, ...tail];
  const groups: number[] = [];
  let words = 0;
  for (const [index, group] of all.entries()) {
    const last = index === all.length - 1;
    if (last && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (!v4.ok) return { ok: false, reason: `not an IPv6 address: its IPv4 tail ${group} is not an address` };
      words += 2;
      continue;
    }
    if (group === '') return { ok: false, reason: 'not an IPv6 address: a group between colons is empty (use "::" once for zeros)' };
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return { ok: false, reason: `not an IPv6 address: group ${group} is not 1 to 4 hex digits` };
    words += 1;
  }
  if (halves.length === 1 && words !== 8) return { ok: false, reason: `not an IPv6 address: it has ${words} groups of 16 bits, not 8` };
  if (halves.length === 2 && words > 7) return { ok: false, reason: 'not an IPv6 address: too many groups for "::" to stand for any' };
  const expand = (parts: string[]): number[] =>
    parts.flatMap((part) => {
      if (!part.includes('.')) return [parseInt(part, 16)];
      const octets = part.split('.').map(Number);
      return [(octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!];
    });
  const front = expand(head);
  const back = expand(tail);
  groups.push(...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back);
  return { ok: true, groups };
}

/** RFC 5952: lower-case, no leading zeros, the longest run of two or more zero groups as "::" (the first on a tie). */
function formatIpv6(groups: number[]): string {
  // IPv4-mapped addresses keep their dotted tail (RFC 5952 section 5), so ::ffff:192.0.2.1 stays readable.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return `::ffff:${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length += 1;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

function checkPrefix(text: string, bits: number, address: string): { ok: true; prefix: number } | { ok: false; reason: string } {
  if (!/^\d{1,3}$/.test(text) || Number(text) > bits) return { ok: false, reason: `not a CIDR block: /${text} is not a prefix length from 0 to ${bits}` };
  if (text.length > 1 && text.startsWith('0')) return { ok: false, reason: `not a CIDR block: write the prefix /${Number(text)} without a leading zero (in ${address})` };
  return { ok: true, prefix: Number(text) };
}

/** Whether the bits after the prefix are all zero, for 16- or 8-bit words. */
function hostBitsZero(words: number[], wordBits: number, prefix: number): boolean {
  return words.every((word, index) => {
    const keep = Math.max(0, Math.min(wordBits, prefix - index * wordBits));
    const mask = keep === 0 ? 0 : ((1 << wordBits) - 1) ^ ((1 << (wordBits - keep)) - 1);
    return (word & ~mask & ((1 << wordBits) - 1)) === 0;
  });
}

function maskWords(words: number[], wordBits: number, prefix: number): number[] {
  return words.map((word, index) => {
    const keep = Math.max(0, Math.min(wordBits, prefix - index * wordBits));
    return keep === 0 ? 0 : word & (((1 << wordBits) - 1) ^ ((1 << (wordBits - keep)) - 1));
  });
}

/** An IPv4 or IPv6 address, or a CIDR block of either (its host bits must be zero). */
export function normaliseIp(raw: string): Checked {
  const value = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  const slash = value.split('/');
  if (slash.length > 2) return { ok: false, reason: 'not an IP address or CIDR block: more than one "/"' };
  const [address, prefixText] = slash as [string, string | undefined];
  if (address.includes(':')) {
    const v6 = parseIpv6(address);
    if (!v6.ok) return v6;
    if (prefixText === undefined) return { ok: true, value: formatIpv6(v6.groups) };
    const prefix = checkPrefix(prefixText, 128, value);
    if (!prefix.ok) return prefix;
    if (!hostBitsZero(v6.groups, 16, prefix.prefix)) {
      return { ok: false, reason: `not a CIDR block: ${address} has bits set past /${prefix.prefix}; the block is ${formatIpv6(maskWords(v6.groups, 16, prefix.prefix))}/${prefix.prefix}` };
    }
    return { ok: true, value: `${formatIpv6(v6.groups)}/${prefix.prefix}` };
  }
  if (!/^[\d.]+$/.test(address)) return { ok: false, reason: 'not an IPv4 or IPv6 address: only digits and dots (IPv4) or hex digits and colons (IPv6)' };
  const v4 = parseIpv4(address);
  if (!v4.ok) return v4;
  if (prefixText === undefined) return { ok: true, value: v4.octets.join('.') };
  const prefix = checkPrefix(prefixText, 32, value);
  if (!prefix.ok) return prefix;
  if (!hostBitsZero(v4.octets, 8, prefix.prefix)) {
    return { ok: false, reason: `not a CIDR block: ${address} has bits set past /${prefix.prefix}; the block is ${maskWords(v4.octets, 8, prefix.prefix).join('.')}/${prefix.prefix}` };
  }
  return { ok: true, value: `${v4.octets.join('.')}/${prefix.prefix}` };
}
