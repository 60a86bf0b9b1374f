import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse } from '../../../src-main/electron/appProtocol';
import { serveStatic } from '../../../src-main/server/staticFiles';
import { contentSecurityPolicy } from '../../../src-main/services/contentSecurityPolicy';

const root = path.resolve(__dirname, '../../..');
let rendererDir: string;

beforeAll(async () => {
  // The renderer exactly as `npm run build` makes it, in memory, so the test sees what ships.
  const result = await build({ configFile: path.join(root, 'vite.config.mts'), logLevel: 'silent', build: { write: false, sourcemap: false, minify: false } });
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((bundle) => ('output' in bundle ? bundle.output : []));
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-csp-'));
  for (const file of outputs) {
    fs.mkdirSync(path.dirname(path.join(rendererDir, file.fileName)), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, file.fileName), file.type === 'chunk' ? file.code : file.source);
  }
}, 60_000);
afterAll(() => fs.rmSync(rendererDir, { recursive: true, force: true }));

function servedOverHttp(urlPath: string): Promise<{ headers: http.IncomingHttpHeaders; body: string }> {
  const server = http.createServer((request, response) => serveStatic(rendererDir, request.url ?? '/', response));
  return new Promise((resolve, reject) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      http
        .get({ host: '127.0.0.1', port, path: urlPath }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          response.on('end', () => server.close(() => resolve({ headers: response.headers, body })));
        })
        .on('error', reject);
    });
  });
}

// Two policies would both apply, and the stricter or the stale one would decide: one source only.
describe('the content security policy', () => {
  it('is not written into the built page, so the header is the only policy', () => {
    const page = fs.readFileSync(path.join(rendererDir, 'index.html'), 'utf8');
    expect(page).toContain('<div id="root">');
    expect(page).not.toMatch(/http-equiv\s*=\s*["']?content-security-policy/i);
  });

  it('is the one definition in the desktop window and in browser mode', async () => {
    const desktop = await appProtocolResponse(rendererDir, 'app://firebreak/index.html');
    expect(desktop.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    const browser = await servedOverHttp('/index.html');
    expect(browser.headers['content-security-policy']).toBe(contentSecurityPolicy);
    expect(browser.body).toBe(await desktop.text());
  });

  it('allows only the app itself: no inline or evaluated script, no framing, nothing remote', () => {
    const directives = new Map(contentSecurityPolicy.split(';').map((directive) => directive.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(contentSecurityPolicy).not.toMatch(/unsafe-|https?:|\*/);
  });
});
