import type { LockPackage } from '../../../contract';
import { invalidLockfile, isRecord, keyPath, optionalMap, optionalString, parseJsonLockfile, describe } from './lockfileText';
import { PackageGraph } from './packageGraph';
import type { ProjectManifest } from './projectManifest';

const dependencyFields = ['dependencies', 'optionalDependencies', 'peerDependencies', 'devDependencies'] as const;

/** `package-lock.json` and `npm-shrinkwrap.json` (same format): v1's nested tree, v2 and v3's flat `packages` map. */
export function parseNpmLock(file: string, text: string, manifest: ProjectManifest | null = null): LockPackage[] {
  const lock = parseJsonLockfile(file, text);
  const version = lock.lockfileVersion;
  if (version === 2 || version === 3) return fromPackagesMap(file, optionalMap(file, 'packages', lock.packages));
  if (version === 1) return fromDependencyTree(file, lock, manifest);
  if (version === undefined) throw invalidLockfile(file, 'lockfileVersion', 'missing: not an npm lockfile?');
  throw invalidLockfile(file, 'lockfileVersion', `${JSON.stringify(version)} is not a version Firebreak reads (1, 2 or 3)`);
}

/** The installed name of a `packages` key: what follows its last `node_modules/`. */
function installedName(key: string): string | null {
  const at = key.lastIndexOf('node_modules/');
  return at < 0 ? null : key.slice(at + 'node_modules/'.length);
}

/**
 * v2/v3: keys are install locations (`node_modules/a/node_modules/b`); `""` is the project and
 * keys outside node_modules are its workspaces. A dependency resolves as Node does: the nearest
 * `node_modules/<name>` walking up from the dependent's own location.
 */
function fromPackagesMap(file: string, packages: Record<string, unknown>): LockPackage[] {
  const graph = new PackageGraph('npm');
  const ids = new Map<string, string>();
  const links = new Map<string, string>();
  const projects: string[] = [];
  for (const [key, raw] of Object.entries(packages)) {
    const where = keyPath('packages', key);
    if (!isRecord(raw)) throw invalidLockfile(file, where, `expected a map, found ${describe(raw)}`);
    const name = installedName(key);
    if (raw.link === true) {
      // A workspace (or `file:` folder) linked into node_modules: the project's own code.
      links.set(key, optionalString(file, keyPath(where, 'resolved'), raw.resolved) ?? '');
      continue;
    }
    if (key === '' || name === null) {
      projects.push(key);
      continue;
    }
    const version = optionalString(file, keyPath(where, 'version'), raw.version);
    if (version === null) {
      // npm writes versionless entries only for packages it could not install (extraneous leftovers).
      continue;
    }
    // An alias (`"x": "npm:real@1"`) is installed as x but is the package `name`: advisories name the real one.
    const realName = optionalString(file, keyPath(where, 'name'), raw.name) ?? name;
    ids.set(
      key,
      graph.add(realName, version, {
        resolved: optionalString(file, keyPath(where, 'resolved'), raw.resolved),
        integrity: optionalString(file, keyPath(where, 'integrity'), raw.integrity),
        installScript: raw.hasInstallScript === true,
        dev: raw.dev === true,
      }),
    );
  }

  const resolve = (from: string, dependency: string): string | null => {
    let base = from;
    for (;;) {
      const candidate = base === '' ? `node_modules/${dependency}` : `${base}/node_modules/${dependency}`;
      const id = ids.get(candidate);
      if (id) return id;
      const link = links.get(candidate);
      if (link !== undefined) return null;
      if (base === '') return null;
      const up = base.lastIndexOf('/node_modules/');
      base = up < 0 ? '' : base.slice(0, up);
    }
  };

  for (const [key, raw] of Object.entries(packages)) {
    if (!isRecord(raw) || raw.link === true) continue;
    const isProject = key === '' || installedName(key) === null;
    const from = isProject ? null : (ids.get(key) ?? undefined);
    if (from === undefined) continue;
    for (const field of dependencyFields) {
      // The dependencies a package declares for its own development are never installed for it.
      if (field === 'devDependencies' && !isProject) continue;
      for (const dependency of Object.keys(optionalMap(file, keyPath(keyPath('packages', key), field), raw[field]))) {
        const target = resolve(key, dependency);
        if (target) graph.depend(from, target, field === 'devDependencies');
      }
    }
  }
  return graph.packages();
}

/**
 * v1: a tree of `dependencies`, each entry with `requires` (name → range) resolved in its own
 * nested `dependencies`, then its ancestors'. v1 does not record the project's own dependencies:
 * package.json's, when the caller has it; else direct means hoisted to the top and required by no
 * other package (so a package both declared and required by another reads as transitive).
 */
function fromDependencyTree(file: string, lock: Record<string, unknown>, manifest: ProjectManifest | null): LockPackage[] {
  const graph = new PackageGraph('npm');
  const top = optionalMap(file, 'dependencies', lock.dependencies);
  const required = new Set<string>();
  const entries: { id: string; entry: Record<string, unknown>; scopes: Record<string, string>[] }[] = [];

  const visit = (tree: Record<string, unknown>, where: string, scopes: Record<string, string>[]): Record<string, string> => {
    const scope: Record<string, string> = {};
    const children: { entry: Record<string, unknown>; where: string; record: (typeof entries)[number] }[] = [];
    for (const [name, raw] of Object.entries(tree)) {
      const at = keyPath(where, name);
      if (!isRecord(raw)) throw invalidLockfile(file, at, `expected a map, found ${describe(raw)}`);
      const version = optionalString(file, keyPath(at, 'version'), raw.version);
      if (version === null) throw invalidLockfile(file, keyPath(at, 'version'), 'missing');
      // Aliases are written `npm:real@1.2.3` in v1.
      const alias = /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version);
      const id = graph.add(alias ? alias[1]! : name, alias ? alias[2]! : version, {
        resolved: optionalString(file, keyPath(at, 'resolved'), raw.resolved),
        integrity: optionalString(file, keyPath(at, 'integrity'), raw.integrity),
        installScript: null,
        dev: raw.dev === true,
      });
      scope[name] = id;
      const record = { id, entry: raw, scopes: [scope, ...scopes] };
      entries.push(record);
      children.push({ entry: raw, where: at, record });
    }
    for (const child of children) {
      if (child.entry.dependencies !== undefined) {
        const nested = visit(optionalMap(file, keyPath(child.where, 'dependencies'), child.entry.dependencies), keyPath(child.where, 'dependencies'), [scope, ...scopes]);
        // A package's requires look in its own nested tree first.
        child.record.scopes = [nested, ...child.record.scopes];
      }
    }
    return scope;
  };
  const rootScope = visit(top, 'dependencies', []);

  for (const { id, entry, scopes } of entries) {
    for (const name of Object.keys(optionalMap(file, 'requires', entry.requires))) {
      const target = scopes.find((scope) => scope[name] !== undefined)?.[name];
      if (!target) continue;
      graph.depend(id, target);
      if (target !== id) required.add(target);
    }
  }
  if (manifest) {
    for (const name of Object.keys(manifest.dependencies)) if (rootScope[name]) graph.depend(null, rootScope[name]);
  } else {
    for (const id of Object.values(rootScope)) if (!required.has(id)) graph.depend(null, id);
  }
  return graph.packages();
}
