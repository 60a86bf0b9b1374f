import http from 'node:http';

export interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** Raw requests, so tests control Host, Origin and cookies exactly as an attacker could. */
export function request(
  port: number,
  options: { path: string; method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<Answer> {
  // Node's client frames no body for GET or DELETE unless told its length.
  const length: Record<string, string> = options.body === undefined ? {} : { 'content-length': String(Buffer.byteLength(options.body)) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: options.path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...length, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Opens a one-time link as a browser would and returns the `Cookie` header it then sends. */
export async function redeem(port: number, link: string, headers: Record<string, string> = {}): Promise<{ answer: Answer; cookie: string }> {
  const answer = await request(port, { path: new URL(link).pathname + new URL(link).search, headers });
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  return { answer, cookie: setCookie.split(';')[0]! };
}
