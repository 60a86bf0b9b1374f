import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';

// Lines from the formats' own documentation: Apache's mod_log_config ("Common Log Format",
// "Combined Log Format") and nginx's ngx_http_log_module (`log_format combined`, escape=default
// writes `"`, `\` and bytes outside 32–126 as \xXX).
const context = { year: 2026 };
const apacheCommon = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326';
const apacheCombined = `${apacheCommon} "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`;
const docTime = Date.UTC(2000, 9, 10, 20, 55, 36);

describe('access logs (combined and common)', () => {
  it('reads every field of the Apache combined example, the time in UTC', () => {
    expect(parseLine(apacheCombined, 'combined', context)).toEqual({
      format: 'combined',
      malformed: false,
      time: docTime,
      ip: '127.0.0.1',
      method: 'GET',
      path: '/apache_pb.gif',
      query: null,
      status: 200,
      userAgent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
      referrer: 'http://www.example.com/start.html',
      body: null,
      message: null,
    });
  });

  it('reads the common example as common, with no referrer or user agent, in a combined file too', () => {
    for (const format of ['common', 'combined'] as const) {
      const record = parseLine(apacheCommon, format, context);
      expect(record).toMatchObject({ format: 'common', malformed: false, time: docTime, ip: '127.0.0.1', status: 200, referrer: null, userAgent: null });
    }
  });

  it('reads each line’s own time when consecutive lines change second, zone or day', () => {
    const at = (time: string) => parseLine(`192.0.2.1 - - [${time}] "GET / HTTP/1.1" 200 1 "-" "-"`, 'combined', context).time;
    expect(at('01/Dec/2026:23:59:59 +0000')).toBe(Date.UTC(2026, 11, 1, 23, 59, 59));
    expect(at('01/Dec/2026:23:59:59 +0100')).toBe(Date.UTC(2026, 11, 1, 22, 59, 59));
    expect(at('02/Dec/2026:00:00:00 +0100')).toBe(Date.UTC(2026, 11, 1, 23));
    expect(at('29/Feb/2024:12:00:00 -0000')).toBe(Date.UTC(2024, 1, 29, 12));
    expect(at('29/Feb/2025:12:00:00 -0000')).toBeNull();
    expect(at('01/Dec/2026:24:00:00 +0000')).toBeNull();
  });

  it('splits the target at the first ? and keeps both halves raw', () => {
    const line = '198.51.100.7 - - [01/Dec/2026:09:00:00 +0000] "GET /search?q=%27%20OR%201=1--&page=2?x HTTP/1.1" 200 512 "-" "curl/8.5.0"';
    expect(parseLine(line, 'combined', context)).toMatchObject({ path: '/search', query: 'q=%27%20OR%201=1--&page=2?x', referrer: null, userAgent: 'curl/8.5.0', time: Date.UTC(2026, 11, 1, 9) });
  });

  it('reads IPv6 clients, `-` for the user, size and status, and a positive zone', () => {
    const line = '2001:db8::7334 - - [01/Dec/2026:10:30:00 +0130] "HEAD / HTTP/2.0" - - "-" "-"';
    expect(parseLine(line, 'combined', context)).toMatchObject({ malformed: false, ip: '2001:db8::7334', method: 'HEAD', path: '/', status: null, time: Date.UTC(2026, 11, 1, 9, 0) });
  });

  it("undoes Apache's \\\" and nginx's \\x22 escaping inside the request and user agent", () => {
    const apache = '203.0.113.5 - - [01/Dec/2026:09:00:00 +0000] "GET /a?q=\\"><script> HTTP/1.1" 200 1 "-" "Mozilla \\"quoted\\" \\\\ back"';
    expect(parseLine(apache, 'combined', context)).toMatchObject({ malformed: false, query: 'q="><script>', userAgent: 'Mozilla "quoted" \\ back' });
    const nginx = '203.0.113.5 - - [01/Dec/2026:09:00:00 +0000] "GET /a?q=\\x22\\xC3\\xA9 HTTP/1.1" 200 1 "-" "sqlmap/1.7 \\x22x\\x22"';
    expect(parseLine(nginx, 'combined', context)).toMatchObject({ malformed: false, query: 'q="é', userAgent: 'sqlmap/1.7 "x"' });
  });

  it('keeps a request line that is no request (TLS on the HTTP port, "-") as a parsed line without method', () => {
    const tls = '192.0.2.44 - - [01/Dec/2026:09:00:00 +0000] "\\x16\\x03\\x01\\x00\\xF1\\x01" 400 157 "-" "-"';
    const record = parseLine(tls, 'combined', context);
    expect(record).toMatchObject({ format: 'combined', malformed: false, method: null, path: null, status: 400, ip: '192.0.2.44' });
    expect(record.message).toBe('\x16\x03\x01\x00\xF1\x01');
    const dash = '192.0.2.44 - - [01/Dec/2026:09:00:00 +0000] "-" 408 0 "-" "-"';
    expect(parseLine(dash, 'combined', context)).toMatchObject({ malformed: false, method: null, path: null, message: null, status: 408 });
  });

  it('reads HTTP/0.9 requests and targets with spaces up to the protocol', () => {
    const old = '192.0.2.1 - - [01/Dec/2026:09:00:00 +0000] "GET /etc/passwd" 400 0 "-" "-"';
    expect(parseLine(old, 'combined', context)).toMatchObject({ method: 'GET', path: '/etc/passwd' });
    const spaced = '192.0.2.1 - - [01/Dec/2026:09:00:00 +0000] "GET /a b/c?d e HTTP/1.1" 400 0 "-" "-"';
    expect(parseLine(spaced, 'combined', context)).toMatchObject({ path: '/a b/c', query: 'd e' });
  });

  it('accepts fields nginx adds after the user agent ($http_x_forwarded_for) without trusting them', () => {
    const line = `${apacheCombined} "10.9.9.9"`;
    expect(parseLine(line, 'combined', context)).toMatchObject({ malformed: false, ip: '127.0.0.1' });
  });

  it('counts vhost-prefixed, truncated and otherwise broken lines as malformed text', () => {
    const broken = [
      `www.example.com:443 ${apacheCombined}`,
      `www.example.com ${apacheCombined}`,
      apacheCombined.slice(0, 60),
      '127.0.0.1 - - [31/Feb/2026:13:55:36 -0700] "GET / HTTP/1.0" 200 1',
      '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 2x0 1',
      '127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0 200 1',
      `${apacheCommon} trailing`,
      '',
    ];
    for (const line of broken) {
      const record = parseLine(line, 'combined', context);
      expect(record, line).toMatchObject({ format: 'text', malformed: true, message: line, ip: null, status: null });
    }
  });
});
