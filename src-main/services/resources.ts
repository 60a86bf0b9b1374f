import fs from 'node:fs';
import path from 'node:path';
import { AppError, type SeverityScheme } from '../contract';
import { severitySchemesFile, type SeveritySchemesFile } from '../domain/incidents/severity';

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

export function loadSeveritySchemes(resourcesDir: string): SeveritySchemesFile & { schemes: SeverityScheme[] } {
  const file = path.join(resourcesDir, 'severity-schemes.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('io-error', `cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = severitySchemesFile.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw new AppError('invalid-input', `${file}: ${first.path.join('.') || '(root)'}: ${first.message}`);
  }
  return parsed.data;
}
