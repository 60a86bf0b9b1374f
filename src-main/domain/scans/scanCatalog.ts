import type { ScanKind } from '../../contract';

/**
 * Every kind of scan a playbook step may link to, and whether the console runs it yet. A playbook
 * naming a kind not listed here is refused when loaded; a link to a kind not runnable yet is shown
 * as such, with what to use meanwhile, never as a link to a tab that cannot do it.
 */
export const scanCatalog: readonly ScanKind[] = [
  { id: 'secrets', label: 'secret scan', runnable: true, detail: 'Secrets in a folder and its git history, on the Scans tab.' },
  { id: 'logs', label: 'log scan', runnable: true, detail: 'Attack patterns, brute force and error spikes in access, app and syslog files, on the Logs tab.' },
  { id: 'dependencies', label: 'dependency scan', runnable: true, detail: 'Lockfiles audited against the offline advisory database, drift from a known-good lockfile (new hosts, install scripts, typosquats) and SBOM comparison, on the Supply chain tab.' },
  { id: 'integrity', label: 'integrity scan', runnable: true, detail: 'The SHA-256 of every file in a folder compared with a known-good baseline (changed, added, removed), on the Supply chain tab.' },
];

export const scanKindIds = scanCatalog.map((kind) => kind.id);

export function findScanKind(id: string): ScanKind | undefined {
  return scanCatalog.find((kind) => kind.id === id);
}
