// Which Chromium the end-to-end tests drive: FIREBREAK_CHROMIUM, else Debian's, else the build that
// ships inside the @sparticuz/chromium npm package (a dev dependency, so `npm install` is enough).
// Never a browser download: those hosts are out of reach on the build machines.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const debianChromium = '/usr/bin/chromium';

/** @returns {Promise<{ path: string, source: string }>} */
export async function findChromium() {
  if (process.env.FIREBREAK_CHROMIUM) return { path: process.env.FIREBREAK_CHROMIUM, source: 'FIREBREAK_CHROMIUM' };
  if (fs.existsSync(debianChromium)) return { path: debianChromium, source: 'Debian' };
  return { path: await unpackPackagedChromium(), source: '@sparticuz/chromium' };
}

/**
 * The package inflates its brotli files into os.tmpdir() and takes any file already there as done,
 * so a run killed mid-way would leave a broken browser for every later run. Unpack into a private
 * staging folder instead and rename it into the cache only when complete.
 */
async function unpackPackagedChromium() {
  const packageJson = path.join(root, 'node_modules', '@sparticuz', 'chromium', 'package.json');
  if (!fs.existsSync(packageJson)) throw new Error('no Chromium: /usr/bin/chromium is absent and @sparticuz/chromium is not installed (run npm install)');
  const version = JSON.parse(fs.readFileSync(packageJson, 'utf8')).version;
  const cacheRoot = path.join(root, 'node_modules', '.cache');
  const unpacked = path.join(cacheRoot, `chromium-${version}`);
  const binary = path.join(unpacked, 'chromium');
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(cacheRoot, { recursive: true });
  const staging = fs.mkdtempSync(path.join(cacheRoot, 'chromium-unpacking-'));
  const savedTmpdir = process.env.TMPDIR;
  try {
    process.env.TMPDIR = staging;
    const { default: Chromium } = await import('@sparticuz/chromium');
    const inflated = await Chromium.executablePath();
    if (path.resolve(inflated) !== path.join(staging, 'chromium')) throw new Error(`@sparticuz/chromium unpacked to ${inflated}, expected ${staging}`);
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
  }
  try {
    fs.renameSync(staging, unpacked);
  } catch (error) {
    // Another run finished first: use its copy.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(binary)) throw error;
  }
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const found = await findChromium();
  console.log(`${found.path} (${found.source})`);
}
