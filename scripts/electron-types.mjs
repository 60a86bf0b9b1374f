// electron ships its TypeScript types inside its npm package, which npm drops wherever Electron's
// binary cannot be downloaded. There, fetch the same package version from the npm registry with
// `npm pack` (no install scripts run) and keep only electron.d.ts, so the shell still type-checks.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'electron-types');
const cached = path.join(cacheDir, 'electron.d.ts');

export function ensureElectronTypes() {
  if (fs.existsSync(path.join(root, 'node_modules', 'electron', 'electron.d.ts'))) {
    // The real package is installed: two copies of the Electron namespace would clash.
    fs.rmSync(cacheDir, { recursive: true, force: true });
    return 'installed';
  }
  if (fs.existsSync(cached)) return 'cached';
  const range = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies.electron;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'firebreak-electron-types-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const tarball = execFileSync(npm, ['pack', `electron@${range}`, '--silent', '--pack-destination', work], { cwd: work, encoding: 'utf8' }).trim().split('\n').at(-1);
    execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, 'package/electron.d.ts']);
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.copyFileSync(path.join(work, 'package', 'electron.d.ts'), cached);
    return 'fetched';
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`electron types: ${ensureElectronTypes()}`);
}
