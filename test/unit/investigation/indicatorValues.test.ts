import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IndicatorType } from '../../../src-main/contract';
import { classifyIndicator, defang, detectIndicatorType, normaliseIndicator, refang } from '../../../src-main/domain/investigation/indicators/indicatorValues';

// Values come from the formats' own documentation: RFC 5737 (IPv4 examples), RFC 3849 and RFC 5952
// (IPv6), RFC 2606 (domains), RFC 3986 section 1.1.2 (URLs), RFC 5321 (mailboxes), and well-known
// hashes (the EICAR test file, the empty string).
const eicar = { md5: '44d88612fea8a8f36de82e1278abb02f', sha1: '3395856ce81f2b7382dee72602f798b642f14140', sha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f' };
const empty = {
  md5: createHash('md5').update('').digest('hex'),
  sha1: createHash('sha1').update('').digest('hex'),
  sha256: createHash('sha256').update('').digest('hex'),
};

type Good = [IndicatorType, string, string];
const good: Good[] = [
  ['ip', '192.0.2.1', '192.0.2.1'],
  ['ip', '198.51.100.42', '198.51.100.42'],
  ['ip', '203.0.113.7', '203.0.113.7'],
  ['ip', '203.0.113[.]7', '203.0.113.7'],
  ['ip', '203.0.113.0/24', '203.0.113.0/24'],
  ['ip', '0.0.0.0', '0.0.0.0'],
  ['ip', '2001:db8::1', '2001:db8::1'],
  ['ip', '2001:DB8::1', '2001:db8::1'],
  // RFC 5952 section 4: one canonical text form.
  ['ip', '2001:0db8::0001', '2001:db8::1'],
  ['ip', '2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ['ip', '2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
  ['ip', '2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
  ['ip', '2001:db8::/32', '2001:db8::/32'],
  ['ip', '::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ['ip', '::1', '::1'],
  ['ip', '[2001:db8::7]', '2001:db8::7'],
  ['domain', 'example.com', 'example.com'],
  ['domain', 'WWW.Example.ORG', 'www.example.org'],
  ['domain', 'example.net.', 'example.net'],
  ['domain', 'foo.test', 'foo.test'],
  ['domain', 'host.example', 'host.example'],
  ['domain', 'evil[.]example', 'evil.example'],
  ['domain', 'bücher.example', 'xn--bcher-kva.example'],
  ['domain', 'xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ['domain', `${'a'.repeat(63)}.example`, `${'a'.repeat(63)}.example`],
  ['domain', '3com.example', '3com.example'],
  ['url', 'ftp://ftp.is.co.za/rfc/rfc1808.txt', 'ftp://ftp.is.co.za/rfc/rfc1808.txt'],
  ['url', 'http://www.ietf.org/rfc/rfc2396.txt', 'http://www.ietf.org/rfc/rfc2396.txt'],
  ['url', 'ldap://[2001:db8::7]/c=GB?objectClass?one', 'ldap://[2001:db8::7]/c=GB?objectClass?one'],
  ['url', 'telnet://192.0.2.16:80/', 'telnet://192.0.2.16:80/'],
  ['url', 'HTTPS://WWW.Example.COM/A/B?Q=1#F', 'https://www.example.com/A/B?Q=1#F'],
  ['url', 'hxxps://evil[.]example/a/../b?x=%41', 'https://evil.example/a/../b?x=%41'],
  ['url', 'hXXp[://]evil[.]example/login', 'http://evil.example/login'],
  ['url', 'http://bücher.example/', 'http://xn--bcher-kva.example/'],
  ['email', 'John.Doe@example.com', 'John.Doe@example.com'],
  ['email', 'user+tag@EXAMPLE.org', 'user+tag@example.org'],
  ['email', '"john doe"@example.com', '"john doe"@example.com'],
  ['email', 'postmaster@[192.0.2.1]', 'postmaster@[192.0.2.1]'],
  ['email', 'alice[@]example[.]com', 'alice@example.com'],
  ['email', 'bob[at]example(.)net', 'bob@example.net'],
  ['md5', eicar.md5.toUpperCase(), eicar.md5],
  ['md5', empty.md5, 'd41d8cd98f00b204e9800998ecf8427e'],
  ['sha1', eicar.sha1, eicar.sha1],
  ['sha1', empty.sha1, 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  ['sha256', eicar.sha256, eicar.sha256],
  ['sha256', empty.sha256, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['file-path', '/etc/passwd', '/etc/passwd'],
  ['file-path', '/tmp/.X11-unix/.x', '/tmp/.X11-unix/.x'],
  ['file-path', 'c:\\Windows\\System32\\cmd.exe', 'C:\\Windows\\System32\\cmd.exe'],
  ['file-path', 'C:\\Program Files\\Vendor\\agent.exe', 'C:\\Program Files\\Vendor\\agent.exe'],
  ['file-path', '\\\\fileserver\\share\\payload.dll', '\\\\fileserver\\share\\payload.dll'],
  ['file-path', '%APPDATA%\\Microsoft\\update.exe', '%APPDATA%\\Microsoft\\update.exe'],
  ['account', 'alice', 'alice'],
  ['account', 'CORP\\alice', 'CORP\\alice'],
  ['account', 'alice@CORP.EXAMPLE.COM', 'alice@CORP.EXAMPLE.COM'],
  ['process', 'mimikatz.exe', 'mimikatz.exe'],
  ['process', 'sshd', 'sshd'],
  ['process', '/usr/sbin/sshd', '/usr/sbin/sshd'],
  ['process', 'C:\\Windows\\System32\\rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe'],
  ['registry-key', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run'],
  ['registry-key', 'hkcu\\Software\\Classes\\ms-settings', 'HKCU\\Software\\Classes\\ms-settings'],
  ['registry-key', 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\evil', 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\evil'],
  ['registry-key', 'HKEY_USERS\\S-1-5-21\\Software', 'HKU\\S-1-5-21\\Software'],
  ['text', '  the attacker called the help desk  ', 'the attacker called the help desk'],
];

type Bad = [IndicatorType, string, string | RegExp];
const bad: Bad[] = [
  ['ip', '1.2.3', 'looks like an IPv4 address but has 3 parts (an IPv4 address has 4)'],
  ['ip', '1.2.3.4.5', 'looks like an IPv4 address but has 5 parts (an IPv4 address has 4)'],
  ['ip', '999.1.1.1', 'not an IPv4 address: 999 is more than 255'],
  ['ip', '256.0.0.1', 'not an IPv4 address: 256 is more than 255'],
  ['ip', '192.0.2.010', 'not an IPv4 address: the leading zero of 010 is ambiguous (octal to some tools); write 10'],
  ['ip', '192.0..1', 'looks like an IPv4 address but has 4 parts'.replace('looks like an IPv4 address but has 4 parts', 'not an IPv4 address: a part between dots is empty')],
  ['ip', '203.0.113.7/24', 'not a CIDR block: 203.0.113.7 has bits set past /24; the block is 203.0.113.0/24'],
  ['ip', '192.0.2.0/33', 'not a CIDR block: /33 is not a prefix length from 0 to 32'],
  ['ip', '2001:db8::1::1', 'not an IPv6 address: "::" may appear only once'],
  ['ip', '2001:db8:g::1', /only hex digits, colons and an IPv4 tail/],
  ['ip', '2001:db8:12345::1', 'not an IPv6 address: group 12345 is not 1 to 4 hex digits'],
  ['ip', '1:2:3:4:5:6:7:8:9', 'not an IPv6 address: it has 9 groups of 16 bits, not 8'],
  ['ip', 'fe80::1%eth0', /a zone \(%eth0\) only means something on one host/],
  ['ip', 'example.com', /only digits and dots \(IPv4\) or hex digits and colons \(IPv6\)/],
  ['domain', '-bad.example', 'not a domain: label "-bad" starts or ends with a hyphen'],
  ['domain', 'bad_label.example', 'not a domain: label "bad_label" holds "_"; only letters, digits and hyphens are allowed'],
  ['domain', 'a..example', 'not a domain: a label is empty (two dots in a row, or a leading dot)'],
  ['domain', `${'a'.repeat(64)}.example`, /is 64 characters; a label has at most 63/],
  ['domain', `${'abcdefghi.'.repeat(25)}example`, /is 257 characters long; a domain has at most 253/],
  ['domain', 'example.123', 'not a domain: its top-level label 123 is all digits'],
  ['domain', 'localhost', 'not a domain: "localhost" has one label; a domain has at least two, like example.com'],
  ['domain', 'xn--zz.example', /not a valid internationalised name/],
  ['domain', 'https://example.com/', /is a URL, not a domain/],
  ['domain', '*.example.com', /a wildcard/],
  ['url', 'javascript:alert(1)', 'a javascript: URL has no host, so it is not a url indicator; add it with --type text'],
  ['url', 'news:comp.infosystems.www.servers.unix', /a news: URL has no host/],
  ['url', 'urn:oasis:names:specification:docbook:dtd:xml:4.1.2', /a urn: URL has no host/],
  ['url', 'http://', 'not a URL: http:// has no host'],
  ['url', 'http://exa mple.com/', 'not a URL: it contains a space (percent-encode it as %20)'],
  ['url', 'http://example.com:99999/', 'not a URL: port 99999 is not a number from 0 to 65535'],
  ['url', 'http://999.1.1.1/', 'not a URL: its host 999.1.1.1 is not an IPv4 address: 999 is more than 255'],
  ['url', 'example.com/path', /it needs a scheme and a host/],
  ['email', '@example.com', 'not an email address: nothing before the "@"'],
  ['email', 'john@', 'not an email address: nothing after the "@"'],
  ['email', 'john..doe@example.com', /has a dot at its start or end, or two in a row/],
  ['email', 'john doe@example.com', /allows only inside quotes/],
  ['email', `${'a'.repeat(65)}@example.com`, 'not an email address: the local part is 65 characters; RFC 5321 allows 64'],
  ['email', 'john@-example.com', /its domain is not a domain: label "-example" starts or ends with a hyphen/],
  ['email', 'john.example.com', 'not an email address: it has no "@"'],
  ['md5', eicar.md5.slice(1), 'not an MD5 hash: it is 31 hex digits, MD5 has 32'],
  ['md5', eicar.sha1, 'not an MD5 hash: it is 40 hex digits, MD5 has 32 (it would fit SHA-1)'],
  ['sha1', `${eicar.sha1.slice(0, 39)}g`, 'not a SHA-1 hash: "g" at position 40 is not a hex digit'],
  ['sha256', eicar.md5, 'not a SHA-256 hash: it is 32 hex digits, SHA-256 has 64 (it would fit MD5)'],
  ['file-path', 'tmp/x', /not absolute; start it with \/, a drive \(C:\\\), \\\\host\\share\\ or %VARIABLE%\\/],
  ['file-path', 'C:temp\\x', /C: without a backslash is relative to that drive's current folder/],
  ['file-path', '\\\\host', /a UNC path needs a host and a share/],
  ['account', 'a\\b\\c', 'not an account: it has 2 backslashes; write user, DOMAIN\\user or user@realm'],
  ['account', '\\alice', 'not an account: DOMAIN\\user needs both a domain and a user'],
  ['account', 'ali:ce', /which no account name allows/],
  ['process', 'bin/sh', /give the image name \(svchost.exe\) or the absolute path/],
  ['registry-key', 'HKLM', /names only the root HKLM/],
  ['registry-key', 'HKEY_FOO\\x', /HKEY_FOO is not a registry root/],
  ['registry-key', 'HKLM\\\\x', 'not a registry key: a key name between backslashes is empty'],
  ['registry-key', 'SOFTWARE\\Microsoft', /must start with a root such as HKLM/],
  ['text', '   ', 'is empty'],
  ['text', 'evil\u202Egpj.exe', 'contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that can disguise what a value says'],
  ['domain', 'evil\u0000.example', /contains U\+0000 \(NUL\)/],
  ['text', 'x'.repeat(2_001), 'is 2,001 characters; an indicator is at most 2,000'],
];

describe('indicator validation table', () => {
  it('knows the documented hashes of the empty string', () => {
    expect(empty).toEqual({ md5: 'd41d8cd98f00b204e9800998ecf8427e', sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' });
  });

  it.each(good)('accepts %s %s as %s', (type, value, normalised) => {
    expect(normaliseIndicator(type, value)).toEqual({ ok: true, value: normalised });
  });

  it.each(bad)('refuses %s %s with a precise reason', (type, value, reason) => {
    const result = normaliseIndicator(type, value);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      if (typeof reason === 'string') expect(result.reason).toBe(reason);
      else expect(result.reason).toMatch(reason);
    }
  });

  it('keeps normalised values stable: normalising twice changes nothing', () => {
    for (const [type, , normalised] of good) expect(normaliseIndicator(type, normalised)).toEqual({ ok: true, value: normalised });
  });
});

describe('defanged forms', () => {
  it('refangs every documented defanged spelling', () => {
    expect(refang('hxxps://evil[.]example/x')).toBe('https://evil.example/x');
    expect(refang('hXXp://evil(.)example')).toBe('http://evil.example');
    expect(refang('HXXPS[://]evil{.}example')).toBe('https://evil.example');
    expect(refang('hxxp[:]//evil[dot]example')).toBe('http://evil.example');
    expect(refang('a[@]b[.]example')).toBe('a@b.example');
    expect(refang('a[at]b[DOT]example')).toBe('a@b.example');
    expect(refang('fxp://files[.]example/x')).toBe('ftp://files.example/x');
  });

  it('defangs network values so nothing in them is a link', () => {
    expect(defang('ip', '203.0.113.7')).toBe('203.0.113[.]7');
    expect(defang('ip', '2001:db8::1')).toBe('2001[:]db8[:][:]1');
    expect(defang('domain', 'evil.example')).toBe('evil[.]example');
    expect(defang('url', 'https://evil.example/a.php?x=1')).toBe('hxxps://evil[.]example/a.php?x=1');
    expect(defang('url', 'ftp://files.example/x')).toBe('fxp://files[.]example/x');
    expect(defang('url', 'ldap://[2001:db8::7]/c=GB')).toBe('ldap[://][2001:db8::7]/c=GB');
    expect(defang('email', 'a.b@evil.example')).toBe('a.b[@]evil[.]example');
    expect(defang('sha256', eicar.sha256)).toBe(eicar.sha256);
    expect(defang('file-path', 'C:\\x\\a.exe')).toBe('C:\\x\\a.exe');
  });

  it('defangs the URLs, addresses, hosts and mailboxes inside text, account, path, process and registry values', () => {
    // Opening a UNC path sends SMB (and an NTLM hash) to its host; a viewer links a URL or a mailbox wherever it sits.
    expect(defang('file-path', '\\\\198.51.100.9\\c$\\x.exe')).toBe('\\\\198.51.100[.]9\\c$\\x.exe');
    expect(defang('file-path', '\\\\files.evil.example\\share\\a.dll')).toBe('\\\\files[.]evil[.]example\\share\\a.dll');
    expect(defang('text', 'https://live.example/payload')).toBe('hxxps://live[.]example/payload');
    expect(defang('text', 'beacon to ftp://files.example/x, then ssh://10.0.0.5:22 and HTTPS://Up.Example/')).toBe('beacon to fxp://files[.]example/x, then ssh[://]10[.]0[.]0[.]5:22 and HTTPS[://]Up[.]Example/');
    expect(defang('account', 'attacker@live.example')).toBe('attacker[@]live[.]example');
    expect(defang('process', 'C:\\Users\\bob\\evil.com')).toBe('C:\\Users\\bob\\evil[.]com');
    expect(defang('registry-key', 'HKCU\\Software\\x\\callback.evil.example')).toBe('HKCU\\Software\\x\\callback[.]evil[.]example');
    // File names are not hosts: `.exe`, `.dll` and `.txt` are no top-level domains.
    expect(defang('text', 'payload.exe dropped next to notes.txt')).toBe('payload.exe dropped next to notes.txt');
    for (const type of ['text', 'account', 'file-path', 'process', 'registry-key'] as const) {
      expect(defang(type, 'see https://evil.example/a and a@evil.example at 203.0.113.7')).not.toMatch(/https:\/\/|evil\.example|[^[]@|203\.0\.113\.7/);
    }
  });

  it('round-trips exactly for every type: refang(defang(x)) === x on every good value of the table', () => {
    const values = [...good.map(([type, , value]) => [type, value] as const), ['text', 'see https://live.example/payload, ftp://f.example and HTTPS://Up.Example/'] as const, ['file-path', '\\\\198.51.100.9\\c$\\x.exe'] as const, ['account', 'attacker@live.example'] as const];
    for (const [type, value] of values) expect([type, refang(defang(type, value))]).toEqual([type, value]);
  });

  it('round-trips: refanging the defanged form gives the value back', () => {
    for (const [type, , value] of good) {
      const safe = defang(type, value);
      expect(normaliseIndicator(type, refang(safe))).toEqual({ ok: true, value });
      // No scheme a viewer links, and no dot left in a host name.
      if (type === 'url') expect(safe).not.toMatch(/^(?:https?|ftp):\/\/|^[^/]*[^[]\.[^\]]/i);
      if (type === 'domain' || type === 'email') expect(safe.replace(/^[^@]*@/, '')).not.toMatch(/[^[]\.|\.[^\]]/);
    }
  });
});

describe('type detection', () => {
  const detected: [string, IndicatorType, string][] = [
    ['hxxps://evil[.]example/payload', 'url', 'https://evil.example/payload'],
    ['ftp://ftp.is.co.za/rfc/rfc1808.txt', 'url', 'ftp://ftp.is.co.za/rfc/rfc1808.txt'],
    ['mailto:John.Doe@example.com', 'email', 'John.Doe@example.com'],
    ['alice[@]example[.]com', 'email', 'alice@example.com'],
    ['203.0.113.7', 'ip', '203.0.113.7'],
    ['198.51.100[.]23', 'ip', '198.51.100.23'],
    ['2001:DB8::1', 'ip', '2001:db8::1'],
    ['192.0.2.0/24', 'ip', '192.0.2.0/24'],
    [eicar.md5.toUpperCase(), 'md5', eicar.md5],
    [eicar.sha1, 'sha1', eicar.sha1],
    [eicar.sha256, 'sha256', eicar.sha256],
    ['HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'registry-key', 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'],
    ['/etc/cron.d/backdoor', 'file-path', '/etc/cron.d/backdoor'],
    ['C:\\Users\\Public\\a.exe', 'file-path', 'C:\\Users\\Public\\a.exe'],
    ['\\\\fileserver\\share\\payload.dll', 'file-path', '\\\\fileserver\\share\\payload.dll'],
    ['%TEMP%\\stage2.ps1', 'file-path', '%TEMP%\\stage2.ps1'],
    ['mimikatz.exe', 'process', 'mimikatz.exe'],
    ['Invoke-Thing.ps1', 'process', 'Invoke-Thing.ps1'],
    ['evil[.]example', 'domain', 'evil.example'],
    ['WWW.EXAMPLE.COM', 'domain', 'www.example.com'],
    ['command.com', 'domain', 'command.com'],
    ['bücher.example', 'domain', 'xn--bcher-kva.example'],
  ];

  it.each(detected)('detects %s as %s', (value, type, normalised) => {
    expect(detectIndicatorType(value)).toBe(type);
    expect(classifyIndicator(value)).toEqual({ ok: true, type, value: normalised });
  });

  const refused: [string, string][] = [
    ['1.2.3', 'looks like an IPv4 address but has 3 parts (an IPv4 address has 4)'],
    ['999.1.1.1', 'not an IPv4 address: 999 is more than 255'],
    [eicar.sha256.slice(1), 'looks like a hash but is 63 hex digits (MD5 32, SHA-1 40, SHA-256 64)'],
    ['hello', 'no indicator type fits; add it with --type text'],
    ['alice', 'no indicator type fits; add it with --type text'],
    ['invoice.pdf', 'no indicator type fits; add it with --type text'],
    ['javascript:alert(document.cookie)', 'a javascript: URL has no host, so it is not a url indicator; add it with --type text'],
    ['bad_label.example', 'not a domain: label "bad_label" holds "_"; only letters, digits and hyphens are allowed'],
    ['evil\u202Egpj.exe', 'contains U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character that can disguise what a value says'],
  ];

  it.each(refused)('detects nothing in %s and says why', (value, reason) => {
    expect(detectIndicatorType(value)).toBeNull();
    expect(classifyIndicator(value)).toEqual({ ok: false, reason });
  });

  it('shows a homoglyph domain in punycode, so a Cyrillic "а" cannot pass for a Latin "a"', () => {
    expect(classifyIndicator('p\u0430ypal.com')).toEqual({ ok: true, type: 'domain', value: 'xn--pypal-4ve.com' });
    expect(classifyIndicator('https://p\u0430ypal.com/login')).toEqual({ ok: true, type: 'url', value: 'https://xn--pypal-4ve.com/login' });
  });
});
