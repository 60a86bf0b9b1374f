import type { SupplyEcosystem } from '../../contract';

/**
 * The key a package is matched by across lockfiles and advisories: PyPI names compare as PEP 503
 * normalises them (case and runs of `-`, `_`, `.` do not matter); the other ecosystems' names as written.
 */
export function packageKey(ecosystem: SupplyEcosystem, name: string): string {
  return ecosystem === 'PyPI' ? name.toLowerCase().replace(/[-_.]+/g, '-') : name;
}
