import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { FindingGroup, ScanRun } from '../../../src-main/contract';
import { byteSize, localTime } from '../../format';
import { useEvidence, useRotation, useScans } from '../../hooks/stores';
import { useWindowRows } from '../../hooks/useWindowRows';
import { CredentialRow } from './CredentialRow';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import './Scans.css';

function RunCard({ run }: { run: ScanRun }) {
  const secrets = new Set(run.findings.map((finding) => finding.fingerprint)).size;
  const skipped = Object.entries(run.stats.skipped).filter(([, count]) => count > 0).map(([reason, count]) => `${count} ${reason}`).join(', ');
  return (
    <li className="scan-run" aria-label={`Scan ${run.id}`}>
      <strong className="mono">{run.id}</strong>
      <span className="mono evidence-archive" title={run.root}>{run.root}</span>
      <span className="muted small">
        {localTime(run.finishedAt)} by {run.actor} · {run.stats.files} files, {byteSize(run.stats.bytes)}{run.history ? `, ${run.stats.commits} commits` : ''}{skipped ? ` · skipped ${skipped}` : ''}
      </span>
      {/* What it found, not what is open: the credentials above say that, once for every scan. */}
      <span className={`run-found small ${secrets ? '' : 'clean'}`}>{secrets === 0 ? 'No secrets found' : `${secrets} secret${secrets === 1 ? '' : 's'} in ${run.findings.length} place${run.findings.length === 1 ? '' : 's'}`}</span>
    </li>
  );
}

/** A credential row with one place and its padding, before it is measured. */
const estimatedRowHeight = 72;

/**
 * Every credential the incident's scans found, one row each, whatever the number of places. Only the
 * rows on screen are in the page (a history scan can find thousands); spacer rows keep the table's
 * height and its column widths, so it scrolls as one.
 */
function Credentials({ incidentId, groups }: { incidentId: string; groups: FindingGroup[] }) {
  const open = groups.filter((group) => group.open > 0).length;
  const { listRef, virtualizer, onFocusRow } = useWindowRows<HTMLTableSectionElement>({ count: groups.length, key: (index) => groups[index]!.fingerprint, estimateSize: estimatedRowHeight });
  const margin = virtualizer.options.scrollMargin;
  let drawnTo = 0;
  const rows: ReactNode[] = [];
  for (const item of virtualizer.getVirtualItems()) {
    // A gap (before the first row drawn, or before the focused row kept far away) is one spacer row.
    if (item.start - margin > drawnTo) rows.push(<Spacer key={`gap-${item.index}`} height={item.start - margin - drawnTo} />);
    const group = groups[item.index]!;
    rows.push(<CredentialRow key={item.key} incidentId={incidentId} group={group} index={item.index} measure={virtualizer.measureElement} onFocus={onFocusRow} />);
    drawnTo = item.end - margin;
  }
  if (virtualizer.getTotalSize() > drawnTo) rows.push(<Spacer key="gap-end" height={virtualizer.getTotalSize() - drawnTo} />);
  return (
    <section className="credentials" aria-label="Credentials found">
      <h3>
        Credentials found <span className={`scan-count ${open ? 'alert' : 'clean'}`}>{groups.length} credential{groups.length === 1 ? '' : 's'}, {open} open</span>
      </h3>
      <p className="muted small">One row per secret (same fingerprint), with every file and commit it was found in: one mark settles them all.</p>
      <table className="findings-table" aria-rowcount={groups.length + 1}>
        <thead>
          <tr aria-rowindex={1}><th>Credential</th><th>Preview</th><th>Fingerprint</th><th>Where</th><th /></tr>
        </thead>
        <tbody ref={listRef}>{rows}</tbody>
      </table>
    </section>
  );
}

/** Room for rows not in the page; hidden from screen readers, which count rows by aria-rowcount. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="row-spacer" aria-hidden="true">
      <td colSpan={5} style={{ height, padding: 0, border: 'none' }} />
    </tr>
  );
}

/** The incident's Scans tab: run an offline secret scan, work through its findings. */
export function ScansTab({ incidentId }: { incidentId: string }) {
  const runs = useScans((state) => state.runs[incidentId]);
  const groups = useScans((state) => state.groups[incidentId]);
  const load = useScans((state) => state.load);
  const loadRotation = useRotation((state) => state.load);
  const loadError = useScans((state) => state.loadErrors[incidentId]);
  const run = useScans((state) => state.run);
  const cancel = useScans((state) => state.cancel);
  const scanning = useScans((state) => state.scanning);
  const progress = useScans((state) => state.progress);
  const canPick = useEvidence((state) => state.canPick);
  const pick = useEvidence((state) => state.pick);
  const [folder, setFolder] = useState('');
  const [history, setHistory] = useState(true);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);

  useEffect(() => {
    void load(incidentId);
    void loadRotation(incidentId);
  }, [incidentId, load, loadRotation]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setCancelError(null);
    const result = await run(incidentId, folder.trim(), history);
    if (!result.ok) return setMessage(result.error.code === 'cancelled' ? { text: result.error.message, failed: false } : { text: `Scan failed: ${result.error.message}`, failed: true });
    const { findings, stats } = result.value;
    const credentials = new Set(findings.map((finding) => finding.fingerprint)).size;
    setMessage({ text: findings.length ? `${credentials} secret(s) found in ${stats.files} files${stats.commits ? ` and ${stats.commits} commits` : ''}${findings.length > credentials ? ` (${findings.length} places)` : ''}: rotate them or mark them.` : `No secrets found in ${stats.files} files${stats.commits ? ` and ${stats.commits} commits` : ''}.`, failed: false });
  };
  const choose = async () => {
    const [chosen] = await pick('folder');
    if (chosen) setFolder(chosen);
  };

  return (
    <section className="scans" aria-label="Scans">
      <form className="scan-form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>Folder or repository to scan for secrets</span>
          <input value={folder} disabled={scanning} onChange={(e) => setFolder(e.target.value)} placeholder="/home/dana/src/payments-api" />
        </label>
        {canPick && <button type="button" disabled={scanning} onClick={() => void choose()}>Choose…</button>}
        <label className="checkbox">
          <input type="checkbox" checked={history} disabled={scanning} onChange={(e) => setHistory(e.target.checked)} />
          Include git history (every commit's added lines)
        </label>
        {scanning ? (
          <>
            <span className="progress scan-progress" role="status" aria-label="Scan progress">
              <span className="small">{progress?.message ?? 'Starting…'}</span>
            </span>
            <button type="button" onClick={() => void cancel().then(setCancelError)}>Cancel</button>
              {cancelError && <span className="field-error" role="alert">{cancelError}</span>}
          </>
        ) : (
          <button type="submit" className="primary" disabled={!folder.trim()}>Scan for secrets</button>
        )}
      </form>
      <p className="muted small">Secrets are never shown: each finding keeps its first characters and a fingerprint (SHA-256), the same wherever the secret leaked.</p>
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      {loadError && <LoadError what="this incident's scans" message={loadError} onRetry={() => load(incidentId)} stale={runs !== undefined} />}
      {!runs && !loadError && <Loading what="this incident's scans" onRetry={() => load(incidentId)} />}
      {runs?.length === 0 && <p className="muted small">No scans for this incident yet.</p>}
      {groups && groups.length > 0 && <Credentials incidentId={incidentId} groups={groups} />}
      {runs && runs.length > 0 && (
        <section className="scan-runs" aria-label="Scans run">
          <h3>Scans run</h3>
          <ul>{runs.map((scan) => <RunCard key={scan.id} run={scan} />)}</ul>
        </section>
      )}
    </section>
  );
}
