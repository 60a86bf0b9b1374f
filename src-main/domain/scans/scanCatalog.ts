import type { ScanKind } from '../../contract';

/**
 * Every kind of scan a playbook step may link to, and whether the console runs it yet. A playbook
 * naming a kind not listed here is refused when loaded; a link to a kind not runnable yet is shown
 * as such, with what to use meanwhile, never as a link to a tab that cannot do it.
 */
export const scanCatalog: readonly ScanKind[] = [
  { id: 'secrets', label: 'secret scan', runnable: true, detail: 'Secrets in a folder and its git history, on the Scans tab.' },
  { id: 'logs', label: 'log scan', runnable: true, detail: 'Attack patterns, brute force and error spikes in access, app and syslog files, on the Logs tab.' },
  { id: 'dependencies', label: 'dependency scan', runnable: false, detail: 'Lockfiles are not checked against advisories by the console yet: run npm audit, pip-audit or osv-scanner, and note the result on the step.' },
  { id: 'integrity', label: 'integrity scan', runnable: false, detail: 'Files are not compared with a known-good baseline by the console yet: compare hashes (sha256sum -c) or your package manager\'s verify, and note the result on the step.' },
];

export const scanKindIds = scanCatalog.map((kind) => kind.id);

export function findScanKind(id: string): ScanKind | undefined {
  return scanCatalog.find((kind) => kind.id === id);
}
