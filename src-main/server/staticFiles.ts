import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { htmlPageHeaders } from './responses';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function mimeTypeFor(file: string): string {
  return mimeTypes[path.extname(file)] ?? 'application/octet-stream';
}

/** Maps a URL path into `root`, refusing anything that escapes it (`..`, encoded slashes, NUL). */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  return resolved.startsWith(rootWithSep) ? resolved : null;
}

export function serveStatic(root: string, urlPath: string, response: ServerResponse): void {
  const file = resolveInside(root, urlPath);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    return;
  }
  const ahead = readAhead.get(file);
  if (ahead) {
    response.writeHead(200, headersFor(file, urlPath, ahead.length)).end(ahead);
    return;
  }
  fs.stat(file, (statError, stats) => {
    if (statError || !stats.isFile()) {
      const missingBuild = urlPath === '/' || urlPath === '/index.html';
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end(missingBuild ? `The console is not built: run \`npm run build\` (looked in ${root}).` : 'not found');
      return;
    }
    const headers = headersFor(file, urlPath, stats.size);
    const cached = assetCache.get(file);
    if (cached && cached.size === stats.size && cached.mtimeMs === stats.mtimeMs) {
      response.writeHead(200, headers).end(cached.bytes);
      return;
    }
    if (urlPath.startsWith('/assets/') && stats.size <= maxCachedAssetBytes) {
      // Read whole and kept: the console's scripts go out in one write on every later load.
      fs.readFile(file, (readError, bytes) => {
        if (readError || bytes.length !== stats.size) return void response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('the file changed while it was read');
        assetCache.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, bytes });
        response.writeHead(200, headers).end(bytes);
      });
      return;
    }
    response.writeHead(200, headers);
    fs.createReadStream(file).on('error', () => response.destroy()).pipe(response);
  });
}

/** The built console's scripts and styles (hashed names, a few hundred kilobytes): kept in memory once read. */
const assetCache = new Map<string, { size: number; mtimeMs: number; bytes: Buffer }>();
const maxCachedAssetBytes = 4 * 1024 * 1024;

function headersFor(file: string, urlPath: string, size: number): Record<string, string | number> {
  const type = mimeTypeFor(file);
  if (type.startsWith('text/html')) return { ...htmlPageHeaders, 'content-length': size };
  return { 'content-type': type, 'content-length': size, 'cache-control': urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' };
}

/** Assets read before anyone asked (readAheadAssets): answered from memory at once, without a look at the disk. */
const readAhead = new Map<string, Buffer>();

/**
 * Reads the page's own stylesheet and scripts (`/assets/…`: hashed names, so a rebuild never changes
 * what a name holds) while the browser is still on its way. Asked for at once by a page the browser
 * is still laying out, they would otherwise wait on the disk's thread pool, behind whatever else the
 * machine is busy with. A file that cannot be read is left to serveStatic, which says why.
 */
export function readAheadAssets(root: string, urlPaths: Iterable<string>): void {
  for (const urlPath of urlPaths) {
    const file = urlPath.startsWith('/assets/') ? resolveInside(root, urlPath) : null;
    if (!file || readAhead.has(file)) continue;
    let fd: number | undefined;
    try {
      // Non-blocking, then checked: a FIFO or a device put in its place is left to serveStatic's 404.
      fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const stats = fs.fstatSync(fd);
      if (!stats.isFile() || stats.size > maxCachedAssetBytes) continue;
      const bytes = fs.readFileSync(fd);
      if (bytes.length === stats.size) readAhead.set(file, bytes);
    } catch {
      // serveStatic answers it from the disk as it does any asset
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}
