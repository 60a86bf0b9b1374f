import { useEffect } from 'react';
import type { LogCategory, LogScanSummary } from '../../../src-main/contract';
import { byteSize, localTime } from '../../format';
import { useLogs } from '../../hooks/stores';
import { emptyLogView, shownScan } from '../../stores/logStore';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { UserText } from '../common/UserText';
import { LogAggregates } from './LogAggregates';
import { LogFindings } from './LogFindings';
import { LogHistogram } from './LogHistogram';
import { LogScanForm } from './LogScanForm';
import { categoryOrder, durationText, plural } from './logText';
import { TopIps } from './TopIps';
import './Logs.css';

/** Every category the scan flagged, for the filter chips. */
function flaggedCategories(scan: LogScanSummary): LogCategory[] {
  const seen = new Set<LogCategory>();
  for (const bucket of scan.histogram.buckets) for (const category of Object.keys(bucket.counts) as LogCategory[]) if (bucket.counts[category]) seen.add(category);
  for (const talker of scan.topIps) for (const category of talker.categories) seen.add(category);
  return categoryOrder.filter((category) => seen.has(category));
}

function ScanSummary({ scan }: { scan: LogScanSummary }) {
  const { stats } = scan;
  const findings = scan.findingCount + stats.findingsOmitted;
  return (
    <p className="log-summary">
      <span>{plural(stats.files, 'file')} ({byteSize(stats.bytes)})</span>
      <span>{plural(stats.lines, 'line')}</span>
      <span className={stats.malformed ? 'warn-text' : ''} title="Lines that did not parse as their file's format; still matched as plain text">{stats.malformed.toLocaleString('en-US')} malformed</span>
      {(stats.longLinesCut ?? 0) > 0 && <span className="warn-text" title="Matched on their first 64 KiB and last 16 KiB only: the middle was not scanned">{plural(stats.longLinesCut ?? 0, 'line')} over 64 KiB cut</span>}
      {stats.outOfRange > 0 && <span title="Outside since/until, or without a time">{stats.outOfRange.toLocaleString('en-US')} out of range</span>}
      <span>{durationText(stats.durationMs)}</span>
      <strong className={findings ? 'alert-text' : 'ok-text'}>{plural(findings, 'finding')}</strong>
      {stats.findingsOmitted > 0 && <span className="warn-text">{stats.findingsOmitted.toLocaleString('en-US')} beyond the cap not listed (still counted in the chart)</span>}
    </p>
  );
}

/** The incident's Logs tab: scan logs for attacks, see who and when, put what matters on the timeline. */
export function LogsTab({ incidentId }: { incidentId: string }) {
  const view = useLogs((state) => state.views[incidentId]) ?? emptyLogView;
  const load = useLogs((state) => state.load);
  const selectScan = useLogs((state) => state.selectScan);
  const setFilter = useLogs((state) => state.setFilter);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const scan = shownScan(view);
  const pickIp = (ip: string) => {
    void setFilter(incidentId, { ip });
    document.getElementById('log-findings')?.scrollIntoView({ block: 'start' });
  };

  return (
    <section className="logs" aria-label="Logs">
      <LogScanForm incidentId={incidentId} />
      {view.error && !scan && <LoadError what="this incident's log scans" message={view.error} onRetry={() => load(incidentId)} />}
      {view.scans === null && !view.error && <Loading what="this incident's log scans" onRetry={() => load(incidentId)} />}
      {view.scans?.length === 0 && <p className="muted small">No log scans for this incident yet.</p>}
      {scan && (
        <>
          <div className="log-scan-head">
            <h3>
              Scan <span className="mono">{scan.id}</span>
            </h3>
            {view.scans!.length > 1 ? (
              <label className="field inline">
                <span>Show scan</span>
                <select value={scan.id} onChange={(event) => void selectScan(incidentId, event.target.value)}>
                  {view.scans!.map((candidate, index) => (
                    <option key={candidate.id} value={candidate.id}>{candidate.id} · {localTime(candidate.finishedAt)}{index === 0 ? ' (newest)' : ''}</option>
                  ))}
                </select>
              </label>
            ) : null}
            <span className="muted small log-scan-paths" title={scan.paths.join('\n')}>
              <UserText text={scan.paths.join(', ')} /> · {localTime(scan.finishedAt)} by {scan.actor}
            </span>
          </div>
          <ScanSummary scan={scan} />
          {scan.stats.skipped.length > 0 && (
            <p className="warn-text small">Skipped: {scan.stats.skipped.map((skip) => `${skip.file} (${skip.reason})`).join('; ')}</p>
          )}
          <div className="log-overview">
            <section className="log-panel" aria-label="Hits over time">
              <h3>Hits over time</h3>
              <LogHistogram histogram={scan.histogram} />
            </section>
            <section className="log-panel" aria-label="Patterns">
              <h3>Patterns across lines</h3>
              <LogAggregates aggregates={scan.aggregates} incidentId={incidentId} scanId={scan.id} onPickIp={pickIp} />
            </section>
          </div>
          <section className="log-panel" aria-label="Top IPs">
            <h3>Top IPs</h3>
            <TopIps talkers={scan.topIps} incidentId={incidentId} scanId={scan.id} onPickIp={pickIp} />
          </section>
          <div id="log-findings">
            <LogFindings incidentId={incidentId} view={view} categories={flaggedCategories(scan)} />
          </div>
        </>
      )}
    </section>
  );
}
