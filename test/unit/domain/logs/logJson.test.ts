import { describe, expect, it } from 'vitest';
import { parseLine } from '../../../../src-main/domain/logs/logFormats';

// Shapes from the loggers' docs: nginx `log_format … escape=json`, Elastic Common Schema
// (source.ip, url.original, http.request.method, http.response.status_code, user_agent.original),
// pino/bunyan (`msg`, `time` in epoch ms, `req.method`), Docker's json-file (`log`, `time`).
const context = { year: 2026 };

describe('JSON lines', () => {
  it('reads the flat fields nginx writes, splitting a $request', () => {
    const line = '{"time_local":"01/Dec/2026:09:00:00 +0000","remote_addr":"203.0.113.9","request":"POST /login?next=%2F HTTP/1.1","status":"401","http_user_agent":"Hydra","http_referer":"-","request_body":"user=admin&pass=x"}';
    expect(parseLine(line, 'json', context)).toEqual({
      format: 'json',
      malformed: false,
      time: Date.UTC(2026, 11, 1, 9),
      ip: '203.0.113.9',
      method: 'POST',
      path: '/login',
      query: 'next=%2F',
      status: 401,
      userAgent: 'Hydra',
      referrer: null,
      body: 'user=admin&pass=x',
      message: null,
    });
  });

  it('reads ECS nested objects', () => {
    const line = JSON.stringify({
      '@timestamp': '2026-12-01T09:00:00.250+01:00',
      source: { ip: '2001:db8::1' },
      url: { original: '/wp-config.php.bak?x=1' },
      http: { request: { method: 'GET' }, response: { status_code: 404 } },
      user_agent: { original: 'Nuclei - Open-source project' },
      message: 'GET /wp-config.php.bak',
    });
    expect(parseLine(line, 'json', context)).toMatchObject({
      malformed: false,
      time: Date.UTC(2026, 11, 1, 8, 0, 0, 250),
      ip: '2001:db8::1',
      method: 'GET',
      path: '/wp-config.php.bak',
      query: 'x=1',
      status: 404,
      userAgent: 'Nuclei - Open-source project',
      message: 'GET /wp-config.php.bak',
    });
  });

  it('reads dotted keys written flat, epoch times in seconds and milliseconds, and a parsed body', () => {
    const flat = '{"ts":1764579600,"client.ip":"198.51.100.2","http.method":"PUT","url.path":"/api","url.query":"a=b","body":{"q":"1 UNION SELECT"}}';
    expect(parseLine(flat, 'json', context)).toMatchObject({ time: 1764579600000, ip: '198.51.100.2', method: 'PUT', path: '/api', query: 'a=b', body: '{"q":"1 UNION SELECT"}' });
    const pino = '{"level":30,"time":1764579600123,"req":{"method":"GET","url":"/x?y=1","remoteAddress":"::1"},"res":{"statusCode":500},"msg":"request errored"}';
    expect(parseLine(pino, 'json', context)).toMatchObject({ time: 1764579600123, method: 'GET', path: '/x', query: 'y=1', status: 500, message: 'request errored', ip: '::1' });
  });

  it("reads Caddy's access log: nested request, header lists, epoch seconds with a fraction", () => {
    const line = '{"level":"info","ts":1764579600.5,"logger":"http.log.access","msg":"handled request","request":{"remote_ip":"203.0.113.9","remote_port":"51234","proto":"HTTP/2.0","method":"GET","host":"example.com","uri":"/.env?x=1","headers":{"User-Agent":["Nuclei"],"Referer":["https://example.com/"]}},"status":404}';
    expect(parseLine(line, 'json', context)).toMatchObject({ time: 1764579600500, ip: '203.0.113.9', method: 'GET', path: '/.env', query: 'x=1', status: 404, userAgent: 'Nuclei', referrer: 'https://example.com/', message: 'handled request' });
  });

  it('drops the port some loggers append to the client address', () => {
    expect(parseLine('{"remote_addr":"203.0.113.9:51234"}', 'json', context).ip).toBe('203.0.113.9');
    expect(parseLine('{"remote_addr":"[2001:db8::1]:443"}', 'json', context).ip).toBe('2001:db8::1');
    expect(parseLine('{"remote_addr":"2001:db8::1"}', 'json', context).ip).toBe('2001:db8::1');
  });

  it('reads a Docker json-file line as a message with its time', () => {
    const line = '{"log":"Failed login for admin from 10.0.0.5\\n","stream":"stderr","time":"2026-12-01T09:00:00.123456789Z"}';
    expect(parseLine(line, 'json', context)).toMatchObject({ message: 'Failed login for admin from 10.0.0.5\n', time: Date.UTC(2026, 11, 1, 9, 0, 0, 123) });
  });

  it('leaves fields it cannot read null rather than guessing', () => {
    const line = '{"status":"ok","time":"yesterday","ip":{"v":4},"message":42}';
    expect(parseLine(line, 'json', context)).toMatchObject({ malformed: false, status: null, time: null, ip: null, message: '42' });
  });

  it('gives no time for one outside the years 1970 to 9999 (a forged 1e300, a year past what a date holds)', () => {
    for (const time of ['1e300', '-1', '1e25', '"+275761-01-01T00:00:00Z"', '"10000-01-01T00:00:00Z"', '"1969-12-31T23:59:59Z"']) {
      const line = `{"time":${time},"path":"/.git/config","status":404}`;
      expect(parseLine(line, 'json', context), line).toMatchObject({ format: 'json', time: null, path: '/.git/config' });
    }
    expect(parseLine('{"time":"9999-12-31T23:59:59Z"}', 'json', context).time).toBe(Date.UTC(9999, 11, 31, 23, 59, 59));
    expect(parseLine('{"time":0}', 'json', context).time).toBeNull();
  });

  it('counts a line that is not a JSON object as malformed', () => {
    for (const line of ['[1,2,3]', '42', '"text"', 'null', '{"a":', 'not json at all', '{"a":1} trailing']) {
      expect(parseLine(line, 'json', context), line).toMatchObject({ format: 'text', malformed: true, message: line });
    }
  });
});
