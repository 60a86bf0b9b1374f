// `npm start`: the desktop window when Electron is installed, otherwise browser mode
// (Chromium in an app window when there is a display; the URL is printed either way).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const built = ['dist/main/cli/main.js', 'dist/main/electron/main.js', 'dist/renderer/index.html'].every((file) => fs.existsSync(path.join(root, file)));
if (!built) {
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function electronBinary() {
  try {
    // In plain Node, require('electron') returns the path of the downloaded binary.
    const binary = require('electron');
    return typeof binary === 'string' && fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const electron = electronBinary();
const child = electron
  ? spawn(electron, [root, ...args], { stdio: 'inherit' })
  : (console.error('Electron is not installed here: starting Firebreak in browser mode.'),
    spawn(process.execPath, [path.join(root, 'bin', 'firebreak.js'), 'serve', ...args], { stdio: 'inherit' }));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
