import type { LockPackage } from '../../../contract';
import { invalidLockfile } from './lockfileText';
import { PackageGraph } from './packageGraph';

/**
 * go.sum: `module version h1:hash` for a module's code and `module version/go.mod h1:hash` for its
 * go.mod alone. A version with only a `/go.mod` line was consulted for version selection but its
 * code is not built, so it is not a package here (listing it would flag old versions nobody runs).
 * go.sum records neither the graph nor which modules go.mod requires: nothing is direct, no paths.
 */
export function parseGoSum(file: string, text: string): LockPackage[] {
  const graph = new PackageGraph('Go');
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const fields = line.split(/\s+/);
    if (fields.length !== 3 || !fields[2]!.includes(':')) throw invalidLockfile(file, `line ${index + 1}`, `expected "module version hash", found ${JSON.stringify(line.slice(0, 80))}`);
    const [module, version, hash] = fields as [string, string, string];
    if (!/^v\d/.test(version)) throw invalidLockfile(file, `line ${index + 1}`, `${JSON.stringify(version)} is not a Go module version (v1.2.3)`);
    if (version.endsWith('/go.mod')) return;
    graph.add(module, version, { integrity: hash, resolved: null });
  });
  return graph.packages();
}
