// One spelling per address, so correlation counts a client once however its server wrote it:
// `::FFFF:203.0.113.7`, `::ffff:cb00:7107` and `203.0.113.7` are one client, as are
// `2001:DB8:0:0:0:0:0:1` and `2001:db8::1`.

/**
 * An address in canonical form: IPv6 lower-cased and zero-compressed as RFC 5952 writes it, an
 * IPv4-mapped IPv6 address as its IPv4 address. Anything else (IPv4, a host name, an address with a
 * zone, text that is no address) is returned as written.
 */
export function canonicalIp(ip: string): string {
  if (ip.indexOf(':') < 0 || ip.indexOf('%') >= 0) return ip;
  const groups = ipv6Groups(ip);
  if (groups === null) return ip;
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    return `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
  }
  return ipv6Text(groups);
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part allowed), or null. */
function ipv6Groups(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0]!, halves.length === 1);
  if (halves.length === 1) return head !== null && head.length === 8 ? head : null;
  const tail = groupsOf(halves[1]!, true);
  if (head === null || tail === null || head.length + tail.length > 7) return null;
  // `::` stands for the zero groups the written ones leave out.
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The groups of one side of `::` (empty for nothing), the last part possibly dotted IPv4; null when any part is not a group. */
function groupsOf(side: string, dottedLast: boolean): number[] | null {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (dottedLast && i === parts.length - 1 && part.indexOf('.') >= 0) {
      const v4 = ipv4Value(part);
      if (v4 === null) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else return null;
  }
  return groups;
}

function ipv4Value(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

/** RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero groups (the first of equals) as `::`. */
function ipv6Text(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let end = i;
    while (end < 8 && groups[end] === 0) end++;
    if (end - i > bestLength) [bestStart, bestLength] = [i, end - i];
    i = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
