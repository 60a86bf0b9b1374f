import { useEffect, useState, type FormEvent } from 'react';
import type { ScanRun, StoredFinding } from '../../../src-main/contract';
import { byteSize, localTime } from '../../format';
import { useEvidence, useRotation, useScans, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';

const statusLabels: Record<StoredFinding['status'], string> = { open: 'Open', 'false-positive': 'False positive', rotation: 'Sent to rotation' };

function FindingRow({ incidentId, finding }: { incidentId: string; finding: StoredFinding }) {
  const mark = useScans((state) => state.mark);
  const navigate = useUi((state) => state.navigate);
  // The rotation item tracking this secret (one per fingerprint), once the rotation list is loaded.
  const rotationItem = useRotation((state) => state.items[incidentId]?.find((item) => item.fingerprint === finding.fingerprint));
  // The reason is a draft: Escape closes the small form and keeps it, a failed mark keeps it.
  const draftKey = `falsepositive:${finding.id}`;
  const [note, setNote, clearNote] = useDraft(draftKey);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guard = usePasteGuard('finding note', note, setNote, () => void submit('false-positive', note));
  const submit = async (status: 'false-positive' | 'rotation', text: string) => {
    setBusy(true);
    const checked = await guard.beforeSubmit(text);
    if (checked === null) return setBusy(false);
    const result = await mark(incidentId, finding.id, status, checked);
    setBusy(false);
    guard.afterSubmit(result);
    setError(result.ok ? null : `Not marked: ${result.error.message}`);
    if (result.ok && status === 'false-positive') {
      clearNote();
      setEditing(false);
    }
  };
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  return (
    <tr className={`finding status-${finding.status}`}>
      <td>
        <strong>{finding.rule}</strong>
        <div className="muted small">{finding.description}</div>
      </td>
      <td className="mono">{finding.redacted}</td>
      <td className="mono small">{finding.fingerprint}</td>
      <td className="mono small">
        {where}
        {finding.commit && (
          <div className="muted">
            commit {finding.commit.slice(0, 12)} · {finding.author} · {finding.date?.slice(0, 10)}
            {finding.inWorkingTree === false && <span className="history-badge" title="Removed from the files, but still in git history: rotate it">history only</span>}
          </div>
        )}
      </td>
      <td className="finding-actions">
        {finding.status !== 'open' ? (
          <span className="muted small">
            {statusLabels[finding.status]}{finding.status === 'rotation' && rotationItem ? ` as ${rotationItem.id} (${rotationItem.status})` : ''}{finding.statusNote ? `: ${finding.statusNote}` : ''}
            {finding.status === 'rotation' && (
              <button type="button" className="link rotation-link" onClick={() => navigate({ name: 'incident', id: incidentId, tab: 'rotation' })}>Open the Rotation tab →</button>
            )}
          </span>
        ) : editing ? (
          <form className="inline-field" onSubmit={(event) => { event.preventDefault(); void submit('false-positive', note); }}>
            <input
              autoFocus
              aria-label="Why is this a false positive?"
              placeholder="why (test fixture, revoked…)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onPaste={guard.onPaste}
              aria-invalid={guard.warning !== null}
              onKeyDown={(e) => {
                if (e.key !== 'Escape') return;
                e.preventDefault();
                e.stopPropagation();
                setEditing(false);
              }}
            />
            <button type="submit" disabled={busy}>{busy ? 'Marking…' : 'Mark'}</button>
          </form>
        ) : (
          <>
            <button type="button" className="primary" disabled={busy} title="Track it in the Rotation tab (one item per fingerprint)" onClick={() => void submit('rotation', '')}>Rotate</button>
            <button type="button" disabled={busy} onClick={() => setEditing(true)}>
              False positive{note.trim() ? ' (draft kept)' : ''}
            </button>
          </>
        )}
        <PasteGuardWarning guard={guard} />
        {error && <div className="field-error" role="alert">{error}</div>}
      </td>
    </tr>
  );
}

function RunCard({ incidentId, run }: { incidentId: string; run: ScanRun }) {
  const open = run.findings.filter((finding) => finding.status === 'open').length;
  const skipped = Object.entries(run.stats.skipped).filter(([, count]) => count > 0).map(([reason, count]) => `${count} ${reason}`).join(', ');
  return (
    <article className="scan-run" aria-label={`Scan ${run.id}`}>
      <header className="scan-run-head">
        <strong className="mono">{run.id}</strong>
        <span className="mono evidence-archive" title={run.root}>{run.root}</span>
        <span className="muted small">
          {localTime(run.finishedAt)} by {run.actor} · {run.stats.files} files, {byteSize(run.stats.bytes)}{run.history ? `, ${run.stats.commits} commits` : ''}{skipped ? ` · skipped ${skipped}` : ''}
        </span>
        <span className={`scan-count ${open ? 'alert' : 'clean'}`}>{run.findings.length === 0 ? 'No secrets found' : `${run.findings.length} finding${run.findings.length === 1 ? '' : 's'}, ${open} open`}</span>
      </header>
      {run.findings.length > 0 && (
        <table className="findings-table">
          <thead>
            <tr><th>Rule</th><th>Preview</th><th>Fingerprint</th><th>Where</th><th /></tr>
          </thead>
          <tbody>
            {run.findings.map((finding) => <FindingRow key={finding.id} incidentId={incidentId} finding={finding} />)}
          </tbody>
        </table>
      )}
    </article>
  );
}

/** The incident's Scans tab: run an offline secret scan, work through its findings. */
export function ScansTab({ incidentId }: { incidentId: string }) {
  const runs = useScans((state) => state.runs[incidentId]);
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
    setMessage({ text: findings.length ? `${findings.length} secret(s) found in ${stats.files} files${stats.commits ? ` and ${stats.commits} commits` : ''}: rotate them or mark them.` : `No secrets found in ${stats.files} files${stats.commits ? ` and ${stats.commits} commits` : ''}.`, failed: false });
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
      {(runs ?? []).map((scan) => <RunCard key={scan.id} incidentId={incidentId} run={scan} />)}
    </section>
  );
}
