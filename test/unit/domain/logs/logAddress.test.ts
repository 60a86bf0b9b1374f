import { describe, expect, it } from 'vitest';
import { canonicalIp } from '../../../../src-main/domain/logs/logAddress';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';

describe('canonicalIp', () => {
  it('writes an IPv4-mapped IPv6 address, dotted or in hex and in any case, as its IPv4 address', () => {
    for (const spelling of ['::ffff:203.0.113.7', '::FFFF:203.0.113.7', '::ffff:cb00:7107', '0:0:0:0:0:ffff:cb00:7107', '0000::FFFF:CB00:7107']) {
      expect(canonicalIp(spelling), spelling).toBe('203.0.113.7');
    }
  });

  it('writes IPv6 lower-cased and zero-compressed as RFC 5952 does', () => {
    for (const spelling of ['2001:db8::1', '2001:DB8:0:0:0:0:0:1', '2001:0db8:0000::0001', '2001:db8:0::0:1']) expect(canonicalIp(spelling), spelling).toBe('2001:db8::1');
    // The longest run of zeros is compressed, the first of two equal runs, and a lone zero group is not.
    expect(canonicalIp('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(canonicalIp('::')).toBe('::');
    expect(canonicalIp('FE80:0:0:0:1:0:0:0')).toBe('fe80::1:0:0:0');
  });

  it('leaves IPv4, host names, zoned addresses and what is no address as written', () => {
    for (const text of ['203.0.113.7', 'web01.example', 'fe80::1%eth0', '1::2::3', '12345::1', '1:2:3:4:5:6:7', '::ffff:300.1.1.1', 'not:an:address']) expect(canonicalIp(text), text).toBe(text);
  });
});

describe('parsed addresses', () => {
  it('are canonical whichever format logged them', () => {
    const context = { year: 2026 };
    expect(parseLine('::FFFF:203.0.113.7 - - [23/Nov/2026:14:15:02 +0000] "GET / HTTP/1.1" 200 5', 'common', context).ip).toBe('203.0.113.7');
    expect(parseLine('{"remote_addr":"[2001:DB8:0:0:0:0:0:1]:443","path":"/"}', 'json', context).ip).toBe('2001:db8::1');
    expect(parseLine('{"ip":"::ffff:cb00:7107","path":"/"}', 'json', context).ip).toBe('203.0.113.7');
    expect(parseLine('Nov 23 14:15:02 web01 sshd[1]: Failed password for root from 2001:0db8::0001 port 22 ssh2', 'syslog', context).ip).toBe('2001:db8::1');
  });
});
