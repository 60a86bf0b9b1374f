/** What a lockfile reader needs from package.json: the names the project declares, with their ranges. */
export interface ProjectManifest {
  /** dependencies, devDependencies, optionalDependencies and peerDependencies together: name → range. */
  dependencies: Record<string, string>;
  /** Names declared only under devDependencies. */
  dev: Set<string>;
}

const fields = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;

/** The manifest from package.json's text, or null when it is not a usable package.json (then readers guess). */
export function projectManifestOf(text: string): ProjectManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const dependencies: Record<string, string> = {};
  const production = new Set<string>();
  const dev = new Set<string>();
  for (const field of fields) {
    const map = (json as Record<string, unknown>)[field];
    if (typeof map !== 'object' || map === null || Array.isArray(map)) continue;
    for (const [name, range] of Object.entries(map)) {
      if (typeof range !== 'string') continue;
      dependencies[name] ??= range;
      if (field === 'devDependencies') dev.add(name);
      else production.add(name);
    }
  }
  for (const name of production) dev.delete(name);
  return { dependencies, dev };
}
