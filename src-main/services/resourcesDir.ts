import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../contract/envelope';

/** `resources/` ships beside the bundle (dist/main/<entry>/) and beside the sources (src-main/services/). */
export function findResourcesDir(start = __dirname): string {
  const override = process.env.FIREBREAK_RESOURCES_DIR;
  if (override) return path.resolve(override);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'resources');
    if (fs.existsSync(path.join(candidate, 'severity-schemes.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new AppError('io-error', `cannot find Firebreak's resources/ folder above ${start}`);
  }
}

/** A responder's own schemes (an imported runbook's), one `<id>.json` each, in the shape of a shipped entry. */
export function userSchemesDir(dataDir: string): string {
  return path.join(dataDir, 'severity-schemes');
}
