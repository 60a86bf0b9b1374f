import { hasRealLookingTld } from './indicatorNames';

/**
 * Defanging the network names found inside a free value (text, account, file path, process, registry
 * key): a viewer, a mail client or a ticket links a URL, a mailbox or a host name wherever it sits,
 * and opening `\\198.51.100.9\c$` from Windows sends SMB (and an NTLM hash) to that host.
 * Only brackets are added, in the spellings `refang` undoes, so `refang(defangText(x)) === x`.
 */

// Each pattern starts only where its token starts (the lookbehinds), so a hostile 2,000-character value is read in linear time.
const schemeAndAuthority = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*):\/\/([^\s/?#\\]*)/gi;
const mailbox = /(?<![\p{L}\p{N}._%+'-])([\p{L}\p{N}._%+'-]+)@((?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]+)/gu;
const ipv4 = /(?<![\p{L}\p{N}.])(\d{1,3}\.\d{1,3}\.\d{1,3})\.(\d{1,3})(?![\p{L}\p{N}])/gu;
const hostName = /(?<![\p{L}\p{N}_.-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:[\p{L}]{2,63}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{N}_-])/giu;

/** `https` and `http` → `hxxp(s)`, `ftp` → `fxp` (lower case only: `refang` lower-cases what it undoes); any other scheme `[://]`. */
function safeScheme(scheme: string): string {
  if (scheme === 'http' || scheme === 'https') return `hxxp${scheme.slice(4)}://`;
  if (scheme === 'ftp') return 'fxp://';
  return `${scheme}[://]`;
}

/** Every URL, mailbox, IPv4 address and dotted host name in a value, defanged; the rest kept as written. */
export function defangText(value: string): string {
  return value
    .replace(schemeAndAuthority, (_match, scheme: string, authority: string) => {
      const host = authority.startsWith('[') || authority.includes('@[') ? authority : authority.replaceAll('.', '[.]');
      return `${safeScheme(scheme)}${host.replaceAll('@', '[@]')}`;
    })
    .replace(mailbox, (_match, local: string, domain: string) => `${local}[@]${domain.replaceAll('.', '[.]')}`)
    .replace(ipv4, '$1[.]$2')
    .replace(hostName, (name: string) => (hasRealLookingTld(name) ? name.replaceAll('.', '[.]') : name));
}
