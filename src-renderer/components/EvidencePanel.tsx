import { useEffect, useState, type FormEvent } from 'react';
import type { CustodyAction, EvidenceItem } from '../../src-main/contract';
import { localTime } from '../format';
import { useEvidence, useIncidents } from '../hooks/stores';

const actions: CustodyAction[] = ['copied', 'handed-over', 'exported', 'note'];

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function EvidenceRow({ incidentId, item }: { incidentId: string; item: EvidenceItem }) {
  const verify = useEvidence((state) => state.verify);
  const addCustody = useEvidence((state) => state.addCustody);
  const [verdict, setVerdict] = useState<string | null>(null);
  const [action, setAction] = useState<CustodyAction>('handed-over');
  const [detail, setDetail] = useState('');
  const [error, setError] = useState<string | null>(null);

  const runVerify = async () => {
    setVerdict('Verifying…');
    const result = await verify(incidentId, item.archive);
    setVerdict(result.ok ? (result.value.intact ? `Intact: ${result.value.entriesChecked} files match, signature valid` : `FAILED: ${result.value.mismatches.map((m) => m.message).join('; ')}`) : result.error.message);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await addCustody(incidentId, item.id, action, detail);
    if (result.ok) setDetail('');
    setError(result.ok ? null : result.error.message);
  };

  return (
    <li className="evidence-item">
      <div className="evidence-head">
        <strong className="mono">{item.id}</strong>
        <span className="mono evidence-archive" title={item.archive}>{item.archive}</span>
        <span className="muted">{item.files} files · {megabytes(item.bytes)}{item.problems ? ` · ${item.problems} problems recorded` : ''}</span>
        <button type="button" onClick={() => void runVerify()}>Verify</button>
      </div>
      <div className="mono small muted" title="SHA-256 of the archive">sha256 {item.archiveSha256}</div>
      {verdict && <p className={`status-line ${verdict.startsWith('FAILED') ? 'field-error' : ''}`} role="status">{verdict}</p>}
      <ol className="custody" aria-label={`Chain of custody of ${item.id}`}>
        {item.custody.map((entry, index) => (
          <li key={index}>
            <span className="muted small">{localTime(entry.at)} · {entry.actor}</span> <strong>{entry.action}</strong> {entry.detail}
          </li>
        ))}
      </ol>
      <form className="inline-field custody-form" onSubmit={(event) => void submit(event)}>
        <select aria-label="Custody action" value={action} onChange={(e) => setAction(e.target.value as CustodyAction)}>
          {actions.map((candidate) => <option key={candidate} value={candidate}>{candidate}</option>)}
        </select>
        <input aria-label="Custody detail" placeholder={action === 'handed-over' ? 'to whom, how' : 'what happened'} value={detail} onChange={(e) => setDetail(e.target.value)} />
        <button type="submit">Add to custody log</button>
        {error && <span className="field-error">{error}</span>}
      </form>
    </li>
  );
}

/** Collect evidence for this incident and keep its chain of custody. */
export function EvidencePanel({ incidentId }: { incidentId: string }) {
  const items = useEvidence((state) => state.items[incidentId]);
  const load = useEvidence((state) => state.load);
  const collect = useEvidence((state) => state.collect);
  const cancel = useEvidence((state) => state.cancel);
  const collecting = useEvidence((state) => state.collecting);
  const progress = useEvidence((state) => state.progress);
  const dataDir = useIncidents((state) => state.info?.dataDir ?? '');
  const [paths, setPaths] = useState('');
  const [output, setOutput] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const suggested = `${dataDir}/evidence/${incidentId}-${(items?.length ?? 0) + 1}.tar.gz`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = paths.split('\n').map((line) => line.trim()).filter(Boolean);
    const result = await collect(incidentId, list, output.trim() || suggested);
    if (result.ok) {
      const { totals, problems, archiveSha256 } = result.value;
      setMessage(`Collected ${totals.files} files (${megabytes(totals.bytes)}), sha256 ${archiveSha256.slice(0, 16)}…${problems.length ? `; ${problems.length} recorded but not archived: ${problems.map((p) => `${p.path} (${p.problem})`).join(', ')}` : ''}`);
      setPaths('');
      setOutput('');
    } else {
      setMessage(result.error.message);
    }
  };

  return (
    <section className="evidence" aria-label="Evidence">
      <h2>Evidence</h2>
      <form className="evidence-form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>Files and folders to collect, one per line</span>
          <textarea rows={2} value={paths} onChange={(e) => setPaths(e.target.value)} placeholder="/var/log/app&#10;/etc/nginx/nginx.conf" />
        </label>
        <label className="field">
          <span>Save the archive as</span>
          <input value={output} onChange={(e) => setOutput(e.target.value)} placeholder={suggested} />
        </label>
        <div className="form-actions">
          {collecting && (
            <span className="progress evidence-progress" role="status">
              <span className="progress-bar" aria-hidden>
                <span style={{ width: progress?.total ? `${(progress.done / progress.total) * 100}%` : '0%' }} />
              </span>
              <span className="muted small">{progress?.message ?? 'Starting…'}</span>
            </span>
          )}
          {collecting ? (
            <button type="button" onClick={() => void cancel()}>Cancel</button>
          ) : (
            <button type="submit" className="primary" disabled={!paths.trim()}>Collect evidence</button>
          )}
        </div>
      </form>
      {message && <p className="status-line" role="status">{message}</p>}
      <ul className="evidence-list">
        {(items ?? []).map((item) => <EvidenceRow key={item.id} incidentId={incidentId} item={item} />)}
      </ul>
    </section>
  );
}
