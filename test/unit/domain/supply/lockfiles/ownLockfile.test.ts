import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLockfile } from '../../../../../src-main/domain/supply/lockfiles/parseLockfile';
import { readLockfile } from '../../../../../src-main/services/supply/lockfileRead';

const repoRoot = join(__dirname, '../../../../..');
const lockPath = join(repoRoot, 'package-lock.json');

/** Distinct name@version of what npm itself says is installed. */
function npmListed(): Set<string> {
  const run = spawnSync('npm', ['ls', '--all', '--json'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 });
  const tree = JSON.parse(run.stdout) as { dependencies?: Record<string, Listed> };
  const found = new Set<string>();
  const walk = (node: { dependencies?: Record<string, Listed> }) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (child.version) found.add(`${child.name ?? name}@${child.version}`);
      walk(child);
    }
  };
  walk(tree);
  return found;
}
interface Listed {
  name?: string;
  version?: string;
  dependencies?: Record<string, Listed>;
}

describe("this repository's own package-lock.json", () => {
  const lock = readLockfile(lockPath);
  const parsed = new Set(lock.packages.map((entry) => `${entry.name}@${entry.version}`));

  it('holds what `npm ls --all` lists, and beyond it only optional packages npm did not install here', () => {
    const listed = npmListed();
    expect(listed.size).toBeGreaterThan(100);
    expect([...listed].filter((key) => !parsed.has(key))).toEqual([]);
    // The lockfile also records optional packages for other platforms (@esbuild/darwin-arm64, fsevents…)
    // and optional dependencies not installed on this machine; npm ls leaves those out, so the counts
    // differ by exactly them.
    const raw = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages: Record<string, { name?: string; version?: string; optional?: boolean; devOptional?: boolean }> };
    const optional = new Set<string>();
    for (const [key, entry] of Object.entries(raw.packages)) {
      if (key && (entry.optional || entry.devOptional)) optional.add(`${entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 13)}@${entry.version}`);
    }
    const notInstalled = [...parsed].filter((key) => !listed.has(key));
    expect(notInstalled.filter((key) => !optional.has(key))).toEqual([]);
    // Distinct name@version: a version locked twice from two places is two packages but one line of npm ls.
    expect(parsed.size).toBe(listed.size + notInstalled.length);
    // Spawning npm takes seconds on a busy machine; what is timed here is nothing of Firebreak's.
  }, 30_000);

  it("marks exactly package.json's dependencies as direct", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]);
    const direct = new Set(lock.packages.filter((entry) => entry.direct).map((entry) => entry.name));
    expect([...direct].sort()).toEqual([...declared].sort());
    for (const entry of lock.packages) {
      expect(entry.paths.length, `${entry.name}@${entry.version} has a path`).toBeGreaterThan(0);
      expect(entry.paths.length).toBeLessThanOrEqual(5);
      expect(declared.has(entry.paths[0]![0]!)).toBe(true);
    }
  });

  it('parses in well under a second', () => {
    const text = readFileSync(lockPath, 'utf8');
    parseLockfile(lockPath, text);
    const started = performance.now();
    parseLockfile(lockPath, text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('paths on a densely connected lockfile', () => {
  it('stay at five per package, shortest first, without walking every route', () => {
    // 3,000 packages each depending on the next 12: the number of routes explodes, the walk must not.
    const count = 3000;
    const name = (index: number) => `pkg-${String(index).padStart(4, '0')}`;
    const packages: Record<string, unknown> = { '': { name: 'dense', version: '1.0.0', dependencies: { [name(0)]: '1.0.0', [name(1)]: '1.0.0' } } };
    for (let index = 0; index < count; index += 1) {
      const dependencies: Record<string, string> = {};
      for (let next = index + 1; next <= Math.min(count - 1, index + 12); next += 1) dependencies[name(next)] = '1.0.0';
      packages[`node_modules/${name(index)}`] = { version: '1.0.0', integrity: `sha512-${index}`, dependencies };
    }
    const text = JSON.stringify({ name: 'dense', lockfileVersion: 3, packages });
    const started = performance.now();
    const lock = parseLockfile('/tmp/dense/package-lock.json', text);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(lock.packages).toHaveLength(count);
    const deep = lock.packages.find((entry) => entry.name === name(2000))!;
    expect(deep.paths).toHaveLength(5);
    const lengths = deep.paths.map((path) => path.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    // pkg-0001 then jumps of 12 reach pkg-2000 in 1 + ceil(1999 / 12) = 168 steps … the shortest chain.
    expect(lengths[0]).toBe(168);
    for (const path of deep.paths) expect(path[path.length - 1]).toBe(name(2000));
  });
});
