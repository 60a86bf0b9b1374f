/**
 * The evidence benchmark's generated trees: deterministic log-like text (large dumps and many small
 * files across nested folders), crypto-random files that do not compress (as compressed logs,
 * images and binaries do not), and many small web-server access logs.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Deterministic, log-like data: compresses about as well as real evidence does. */
export function* logChunks(seed: number, bytes: number): Generator<Buffer> {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const words = ['GET', 'POST', '/api/login', '/api/jobs', '200', '401', '500', 'user=', 'ip=203.0.113.', 'token=', 'latency_ms=', 'ERROR', 'WARN', 'INFO', 'session', 'upstream'];
  let produced = 0;
  while (produced < bytes) {
    const lines: string[] = [];
    for (let i = 0; i < 512; i += 1) {
      lines.push(`2026-11-23T${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00Z ${Array.from({ length: 8 }, () => words[Math.floor(random() * words.length)]).join(' ')} ${Math.floor(random() * 1e9).toString(36)}`);
    }
    const chunk = Buffer.from(`${lines.join('\n')}\n`).subarray(0, bytes - produced);
    produced += chunk.length;
    yield chunk;
  }
}

/** Combined-format access log lines, as a web server writes them. */
function accessLog(seed: number, bytes: number): Buffer {
  let state = seed;
  const random = (n: number) => Math.floor(((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * n);
  const paths = ['/', '/login', '/api/v1/orders', '/static/app.js', '/wp-login.php', '/admin', '/api/v1/users/42', '/favicon.ico'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'python-requests/2.31', 'Go-http-client/1.1'];
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const line = `198.51.100.${random(255)} - - [23/Nov/2026:${String(random(24)).padStart(2, '0')}:${String(random(60)).padStart(2, '0')}:${String(random(60)).padStart(2, '0')} +0000] "${random(5) ? 'GET' : 'POST'} ${paths[random(paths.length)]} HTTP/1.1" ${[200, 200, 200, 302, 404, 500][random(6)]} ${random(50_000)} "-" "${agents[random(agents.length)]}"`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`).subarray(0, bytes);
}

function writeRandom(file: string, size: number): void {
  const fd = fs.openSync(file, 'w');
  for (let left = size; left > 0; left -= 1024 * 1024) fs.writeSync(fd, randomBytes(Math.min(left, 1024 * 1024)));
  fs.closeSync(fd);
}

export interface TreeShape {
  files: number;
  bytes: number;
  incompressibleBytes: number;
}

/**
 * The mixed tree of issue #12, scaled to `megabytes`: per 190 MB, four 16 MB crypto-random files
 * and 1,200 small access logs (2-16 KB); the rest is the log tree (70 % in a few large dumps, 30 %
 * in many small files across nested folders).
 */
export function generateMixedTree(root: string, megabytes: number): TreeShape {
  const target = megabytes * 1024 * 1024;
  const shape: TreeShape = { files: 0, bytes: 0, incompressibleBytes: 0 };
  const add = (file: string, size: number) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    shape.files += 1;
    shape.bytes += size;
    return file;
  };
  const randomFiles = Math.max(1, Math.round((megabytes * 4) / 190));
  for (let i = 0; i < randomFiles; i += 1) {
    writeRandom(add(path.join(root, 'blobs', `capture-${i}.bin`), 16 * 1024 * 1024), 16 * 1024 * 1024);
    shape.incompressibleBytes += 16 * 1024 * 1024;
  }
  const accessLogs = Math.round((megabytes * 1_200) / 190);
  for (let i = 0; i < accessLogs; i += 1) {
    const size = 2_048 + ((i * 7_919) % 14_336);
    fs.writeFileSync(add(path.join(root, 'access', `vhost-${i % 23}`, `access-${i}.log`), size), accessLog(i + 1, size));
  }
  const logBytes = Math.max(0, target - shape.bytes);
  let seed = 1;
  const large = Math.max(1, Math.round(megabytes / 128));
  for (let i = 0; i < large; i += 1) {
    const size = Math.floor((logBytes * 0.7) / large);
    const fd = fs.openSync(add(path.join(root, 'large', `dump-${i}.log`), size), 'w');
    for (const chunk of logChunks(seed++, size)) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
  }
  let written = shape.bytes;
  let small = 0;
  while (written < target) {
    const size = Math.min(target - written, 4_096 + ((small * 7_919) % 60_000));
    fs.writeFileSync(add(path.join(root, 'small', `d${small % 97}`, `f${small}.log`), size), Buffer.concat([...logChunks(seed++, size)]));
    written += size;
    small += 1;
  }
  return shape;
}

/** One file of crypto-random bytes (nothing to compress). */
export function generateRandomFile(file: string, megabytes: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeRandom(file, megabytes * 1024 * 1024);
}
