import { describe, expect, it } from 'vitest';
import { excerptAround, redactLogExcerpt } from '../../../../src-main/domain/logs/logExcerpt';

describe('redactLogExcerpt', () => {
  it('masks credential parameters in URLs, referrers and form bodies, keeping their names', () => {
    const line = '203.0.113.9 - - [23/Nov/2026:14:15:02 +0000] "GET /login?user=admin&password=Sup3rS3cret&pwd=x1y2&next=%2F HTTP/1.1" 401 5 "https://shop.example/login?username=bob&passwd=Tr0ub4dor;token=abc123" "curl/8"';
    expect(redactLogExcerpt(line)).toBe(
      '203.0.113.9 - - [23/Nov/2026:14:15:02 +0000] "GET /login?user=admin&password=[redacted]&pwd=[redacted]&next=%2F HTTP/1.1" 401 5 "https://shop.example/login?username=bob&passwd=[redacted];token=[redacted]" "curl/8"',
    );
    for (const name of ['secret', 'api_key', 'apikey', 'access_token', 'session', 'client_secret', 'refresh_token', 'API_KEY']) {
      expect(redactLogExcerpt(`GET /x?a=1&${name}=v4lue-123 HTTP/1.1`), name).toBe(`GET /x?a=1&${name}=[redacted] HTTP/1.1`);
    }
    // A URL encoded inside another: the value ends at the encoded `&`.
    expect(redactLogExcerpt('next=%2Flogin%3Fpassword%3Dhunter2%26a%3D1')).toBe('next=%2Flogin%3Fpassword%3D[redacted]%26a%3D1');
  });

  it('masks JSON credential fields and Authorization headers, in JSON and in messages, keeping the scheme', () => {
    expect(redactLogExcerpt('{"query":"user=bob&passwd=CorrectHorse99","headers":{"authorization":"Bearer 4f9a8b7c6d5e"},"password":"a\\"b"}')).toBe(
      '{"query":"user=bob&passwd=[redacted]","headers":{"authorization":"Bearer [redacted]"},"password":"[redacted]"}',
    );
    expect(redactLogExcerpt('upstream sent Authorization: Basic dXNlcjpwYXNz to 10.0.0.2')).toBe('upstream sent Authorization: Basic [redacted] to 10.0.0.2');
    expect(redactLogExcerpt('retrying with bearer eyJhbGciOiJIUzI1NiJ9.e30.abc')).toBe('retrying with bearer [redacted]');
  });

  it('leaves lines without credentials, look-alike names and already masked values as they are', () => {
    for (const line of ['GET /reset-password?step=2 HTTP/1.1', 'GET /?token_type=bearer&passwordless=1 HTTP/1.1', 'Basic authentication failed for bob', 'token=ghp_…[redacted github-pat-classic sha256:1a2b3c4d]']) {
      expect(redactLogExcerpt(line), line).toBe(line);
    }
  });
});

describe('excerptAround', () => {
  const line = Array.from({ length: 100 }, (_, i) => `f${String(i).padStart(2, '0')}=xyz`).join('&');

  it('keeps a line that fits, and cuts a long one around the match, marking each cut', () => {
    expect(excerptAround('short line', 3, 300)).toBe('short line');
    const around = excerptAround(line, line.indexOf('f60='), 120);
    expect(around).toHaveLength(120);
    expect(around.startsWith('…') && around.endsWith('…')).toBe(true);
    expect(around).toContain('f60=xyz');
    expect(around.indexOf('f60=')).toBeGreaterThan(20);
  });

  it('gives the head for an unknown place or one near the start, and the tail for one near the end', () => {
    expect(excerptAround(line, -1, 50)).toBe(`${line.slice(0, 49)}…`);
    expect(excerptAround(line, 5, 50)).toBe(`${line.slice(0, 49)}…`);
    expect(excerptAround(line, line.length - 3, 50)).toBe(`…${line.slice(-49)}`);
  });

  it('never splits a character written as two UTF-16 units', () => {
    const emoji = '\u{1F525}'.repeat(200);
    for (const anchor of [-1, 101, 200, 399]) {
      const cut = excerptAround(emoji, anchor, 51);
      expect(cut.length).toBeLessThanOrEqual(51);
      expect(cut.replaceAll('…', '').replaceAll('\u{1F525}', '')).toBe('');
    }
  });
});
