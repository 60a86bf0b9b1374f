import os from 'node:os';
import path from 'node:path';

/** FIREBREAK_DATA_DIR wins everywhere (CLI, server, Electron, tests); then the platform default. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platformDefault?: string): string {
  const override = env.FIREBREAK_DATA_DIR?.trim();
  if (override) return path.resolve(override);
  if (platformDefault) return platformDefault;
  const xdg = env.XDG_DATA_HOME?.trim();
  return path.join(xdg || path.join(os.homedir(), '.local', 'share'), 'firebreak');
}
