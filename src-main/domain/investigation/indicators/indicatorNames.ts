import { domainToASCII } from 'node:url';
import { looksLikeIpv4, normaliseIp, type Checked } from './indicatorAddress';

/**
 * Names on the network as indicators: domains (RFC 1035 host names, IDNA to punycode), URLs (any
 * scheme with a host, RFC 3986 / WHATWG) and email addresses (RFC 5321 mailboxes).
 */

// File extensions that are not top-level domains: `invoice.pdf` in a pasted list is a file, not a host.
// (.zip, .mov and .sh are real TLDs, so they stay domains.)
const notTlds = new Set([
  'txt', 'pdf', 'doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'rtf', 'csv', 'log', 'tmp', 'dat', 'ini', 'cfg', 'conf',
  'json', 'xml', 'yml', 'yaml', 'png', 'jpg', 'jpeg', 'gif', 'bmp', 'svg', 'bak', 'lnk', 'iso', 'img', 'vhd', 'vhdx', 'rar', 'gz', 'tgz',
  'tar', 'bz2', 'xz', 'exe', 'dll', 'sys', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'hta', 'msi', 'scr', 'cpl',
  'jar', 'ocx', 'html', 'htm', 'php', 'asp', 'aspx', 'jsp', 'py', 'rb', 'pl', 'c', 'h', 'cpp', 'ts', 'md', 'db', 'sqlite', 'eml', 'msg', 'pst', 'ost', 'evtx', 'etl', 'pcap', 'pcapng', 'dmp', 'mem', 'raw', 'elf', 'so', 'o', 'deb', 'rpm', 'apk', 'dmg', 'pkg',
]);

/** Whether the last label of a dotted name could be a real top-level domain (letters, or punycode). */
export function hasRealLookingTld(name: string): boolean {
  const tld = name.replace(/\.$/, '').split('.').pop()?.toLowerCase() ?? '';
  if (notTlds.has(tld)) return false;
  return /^[a-z]{2,63}$/.test(tld) || /^xn--[a-z0-9-]{1,59}$/.test(tld) || /^\p{L}{2,63}$/u.test(tld);
}

/** A DNS host name: lower-case ASCII (Unicode labels in punycode), no trailing dot. */
export function normaliseDomain(raw: string, { minLabels = 2 }: { minLabels?: number } = {}): Checked {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return { ok: false, reason: 'is a URL, not a domain: add it as a url, or give only its host' };
  if (/[/\\]/.test(raw)) return { ok: false, reason: 'not a domain: a domain has no "/" or "\\" (a URL or a path?)' };
  if (raw.includes('@')) return { ok: false, reason: 'not a domain: "@" belongs to an email address' };
  if (/\s/.test(raw)) return { ok: false, reason: 'not a domain: it contains a space' };
  if (raw.includes('*')) return { ok: false, reason: 'not a domain: a wildcard (*) matches many names; record the domain under it' };
  const name = raw.endsWith('.') ? raw.slice(0, -1) : raw;
  if (name === '') return { ok: false, reason: 'not a domain: it is empty' };
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return { ok: false, reason: 'not a domain: a label is empty (two dots in a row, or a leading dot)' };
  for (const label of labels) {
    if (label.startsWith('-') || label.endsWith('-')) return { ok: false, reason: `not a domain: label "${label}" starts or ends with a hyphen` };
    const bad = /[^\p{L}\p{M}\p{N}-]/u.exec(label);
    if (bad) return { ok: false, reason: `not a domain: label "${label}" holds "${bad[0]}"; only letters, digits and hyphens are allowed` };
  }
  // UTS #46 via the WHATWG host parser: Unicode to punycode, and an invalid xn-- label comes back empty.
  const ascii = /^[\x21-\x7e]*$/.test(name) && !/(^|\.)xn--/i.test(name) ? name.toLowerCase() : domainToASCII(name);
  if (ascii === '') return { ok: false, reason: 'not a domain: it is not a valid internationalised name (bad punycode or a character IDNA refuses)' };
  const asciiLabels = ascii.split('.');
  if (ascii.length > 253) return { ok: false, reason: `not a domain: it is ${ascii.length} characters long; a domain has at most 253` };
  const long = asciiLabels.find((label) => label.length > 63);
  if (long) return { ok: false, reason: `not a domain: label "${long.slice(0, 20)}…" is ${long.length} characters; a label has at most 63` };
  if (asciiLabels.length < minLabels) return { ok: false, reason: `not a domain: "${ascii}" has one label; a domain has at least two, like example.com` };
  const tld = asciiLabels[asciiLabels.length - 1]!;
  if (/^\d+$/.test(tld)) {
    if (looksLikeIpv4(ascii)) return { ok: false, reason: 'not a domain: it is all numbers (an IP address?)' };
    return { ok: false, reason: `not a domain: its top-level label ${tld} is all digits` };
  }
  return { ok: true, value: ascii };
}

const urlShape = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([\s\S]*)$/i;

/** A URL with a host: scheme and host normalised (lower-case, punycode), the path, query and fragment kept exactly. */
export function normaliseUrl(raw: string): Checked {
  const shape = urlShape.exec(raw);
  if (!shape) {
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1];
    if (scheme) return { ok: false, reason: `a ${scheme.toLowerCase()}: URL has no host, so it is not a url indicator; add it with --type text` };
    return { ok: false, reason: 'not a URL: it needs a scheme and a host, like https://example.com/path' };
  }
  const [, schemeRaw, authority, rest] = shape as unknown as [string, string, string, string];
  if (/\s/.test(raw)) return { ok: false, reason: 'not a URL: it contains a space (percent-encode it as %20)' };
  const scheme = schemeRaw.toLowerCase();
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hostPort = authority.slice(at + 1);
  const bracketed = /^(\[[^\]]*\])(?::(.*))?$/.exec(hostPort);
  const hostText = bracketed ? bracketed[1]! : hostPort.replace(/:[^:]*$/, '');
  const portText = bracketed ? bracketed[2] : /:([^:]*)$/.exec(hostPort)?.[1];
  if (hostText === '') return { ok: false, reason: `not a URL: ${scheme}:// has no host` };
  if (portText !== undefined && (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535)) return { ok: false, reason: `not a URL: port ${portText} is not a number from 0 to 65535` };
  let host: string;
  if (hostText.startsWith('[')) {
    const ip = normaliseIp(hostText.slice(1, -1));
    if (!ip.ok || !ip.value.includes(':') || ip.value.includes('/')) return { ok: false, reason: `not a URL: its host ${hostText} is not an IPv6 address${ip.ok ? '' : ` (${ip.reason})`}` };
    host = `[${ip.value}]`;
  } else if (/^[\d.]+$/.test(hostText)) {
    const ip = normaliseIp(hostText);
    if (!ip.ok) return { ok: false, reason: `not a URL: its host ${hostText} ${ip.reason.replace(/^not an IPv4 address: /, 'is not an IPv4 address: ')}` };
    host = ip.value;
  } else {
    const domain = normaliseDomain(hostText, { minLabels: 1 });
    if (!domain.ok) return { ok: false, reason: `not a URL: its host ${domain.reason.replace(/^not a domain: /, 'is not a host name: ')}` };
    host = domain.value;
  }
  const value = `${scheme}://${userinfo}${host}${portText === undefined ? '' : `:${portText}`}${rest}`;
  try {
    new URL(value);
  } catch {
    return { ok: false, reason: 'not a URL: the WHATWG URL parser refuses it' };
  }
  return { ok: true, value };
}

// RFC 5321 section 4.1.2: a dot-string of atext, or a quoted string; RFC 6531 adds UTF-8.
const dotAtom = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const quoted = /^"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"$/;

/** A mailbox: the local part kept as written (RFC 5321 makes it case-sensitive), the domain normalised. */
export function normaliseEmail(raw: string): Checked {
  const value = raw.replace(/^mailto:/i, '');
  const at = value.lastIndexOf('@');
  if (at < 0) return { ok: false, reason: 'not an email address: it has no "@"' };
  const local = value.slice(0, at);
  const domainPart = value.slice(at + 1);
  if (local === '') return { ok: false, reason: 'not an email address: nothing before the "@"' };
  if (domainPart === '') return { ok: false, reason: 'not an email address: nothing after the "@"' };
  if (!dotAtom.test(local) && !quoted.test(local)) {
    if (local.includes('..') || local.startsWith('.') || local.endsWith('.')) return { ok: false, reason: `not an email address: the local part "${local}" has a dot at its start or end, or two in a row` };
    return { ok: false, reason: `not an email address: the local part "${local}" holds a character RFC 5321 allows only inside quotes` };
  }
  if (local.length > 64) return { ok: false, reason: `not an email address: the local part is ${local.length} characters; RFC 5321 allows 64` };
  let domain: string;
  const literal = /^\[(?:IPv6:)?([^\]]+)\]$/i.exec(domainPart);
  if (literal) {
    const ip = normaliseIp(literal[1]!);
    if (!ip.ok || ip.value.includes('/')) return { ok: false, reason: `not an email address: ${domainPart} is not an address literal` };
    domain = ip.value.includes(':') ? `[IPv6:${ip.value}]` : `[${ip.value}]`;
  } else {
    const checked = normaliseDomain(domainPart);
    if (!checked.ok) return { ok: false, reason: `not an email address: its domain ${checked.reason.replace(/^not a domain: /, 'is not a domain: ')}` };
    domain = checked.value;
  }
  const address = `${local}@${domain}`;
  if (address.length > 254) return { ok: false, reason: `not an email address: it is ${address.length} characters; RFC 5321 allows 254` };
  return { ok: true, value: address };
}
