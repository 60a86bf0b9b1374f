import type { ScanOutcome, SecretFinding } from '../contract';
import { toSarif } from '../domain/scans/sarif';
import { megabytes } from '../domain/units';
import { appVersion } from '../services/appVersion';
import { table } from './table';
import { visibleText } from './visibleText';

function where(finding: SecretFinding): string {
  // A file name or an author is the scanned tree's: an escape or bidi control in it must not drive the terminal.
  const place = `${visibleText(finding.file)}:${finding.line}:${finding.column}`;
  if (!finding.commit) return place;
  return `${place} @ ${finding.commit.slice(0, 12)} (${visibleText(finding.author ?? '?')}, ${finding.date?.slice(0, 10) ?? '?'})${finding.inWorkingTree === false ? ' [history only]' : ''}`;
}

/** A scan's result for a terminal: the findings (redacted previews and fingerprints only), then what was scanned. */
export function secretScanText(result: ScanOutcome): string {
  const { stats } = result;
  const skipped = Object.entries(stats.skipped).filter(([, count]) => count > 0).map(([reason, count]) => `${count} ${reason}`).join(', ');
  const summary = [
    `Scanned ${stats.files} files (${megabytes(stats.bytes)})${stats.commits ? ` and ${stats.commits} commits` : ''} in ${(stats.durationMs / 1000).toFixed(1)} s`,
    skipped ? `skipped: ${skipped}` : '',
    stats.baselined ? `${stats.baselined} known finding(s) hidden by the baseline` : '',
    result.scanId ? `kept as ${result.scanId} on the incident` : '',
  ].filter(Boolean);
  if (result.findings.length === 0) return [`No secrets found.`, ...summary].join('\n');
  return [
    `${result.findings.length} SECRET${result.findings.length === 1 ? '' : 'S'} FOUND (values redacted)`,
    table(['RULE', 'PREVIEW', 'FINGERPRINT', 'WHERE'], result.findings.map((finding) => [finding.rule, finding.redacted, finding.fingerprint, where(finding)])),
    ...summary,
  ].join('\n');
}

/** What `--sarif` prints: SARIF 2.1.0 for code-scanning tools. */
export const secretScanSarif = (result: ScanOutcome): string => `${JSON.stringify(toSarif(result, appVersion), null, 2)}\n`;

/** What `--write-baseline` writes: the findings' fingerprints, once each, sorted (read back by `--baseline`). */
export const secretScanBaseline = (result: ScanOutcome): string => `${JSON.stringify({ fingerprints: [...new Set(result.findings.map((finding) => finding.fingerprint))].sort() }, null, 2)}\n`;
