import { useEffect, useState, type FormEvent } from 'react';
import { localTime } from '../../format';
import { useEvidence } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { UserText } from '../common/UserText';

/** Files moved out of harm's way (permissions stripped, hash kept), and the way back. */
export function QuarantinePanel({ incidentId }: { incidentId: string }) {
  const files = useEvidence((state) => state.quarantine);
  const load = useEvidence((state) => state.loadQuarantine);
  const loaded = useEvidence((state) => state.quarantineLoaded);
  const loadError = useEvidence((state) => state.quarantineError);
  const [busy, setBusy] = useState(false);
  const quarantineFile = useEvidence((state) => state.quarantineFile);
  const release = useEvidence((state) => state.release);
  const canPick = useEvidence((state) => state.canPick);
  const pick = useEvidence((state) => state.pick);
  const [file, setFile] = useState('');
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);

  useEffect(() => {
    void load();
  }, [load]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await quarantineFile(incidentId, file.trim());
    setBusy(false);
    setMessage(result.ok ? { text: `Quarantined ${result.value.originalPath} as ${result.value.id}`, failed: false } : { text: result.error.message, failed: true });
    if (result.ok) setFile('');
  };
  const choose = async () => {
    const [chosen] = await pick('files');
    if (chosen) setFile(chosen);
  };
  const releaseOne = async (id: string) => {
    const result = await release(id);
    setMessage(result.ok ? { text: `Released ${result.value.id} back to ${result.value.originalPath}`, failed: false } : { text: result.error.message, failed: true });
  };

  return (
    <section className="quarantine" aria-label="Quarantine">
      <h3>Quarantine</h3>
      <form className="inline-field" onSubmit={(event) => void submit(event)}>
        <input aria-label="File to quarantine" placeholder="/var/www/uploads/shell.php" value={file} onChange={(e) => setFile(e.target.value)} />
        {canPick && <button type="button" onClick={() => void choose()}>Choose…</button>}
        <button type="submit" disabled={busy || !file.trim()}>{busy ? 'Quarantining…' : 'Quarantine file'}</button>
      </form>
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      {loadError && <LoadError what="the quarantine" message={loadError} onRetry={load} stale={loaded} />}
      {!loaded && !loadError && <Loading what="the quarantine" onRetry={load} />}
      {!loaded ? null : files.length === 0 ? (
        <p className="muted small">Nothing in quarantine.</p>
      ) : (
        <table className="quarantine-table">
          <thead>
            <tr><th>ID</th><th>Original path</th><th>SHA-256</th><th>Since</th><th /></tr>
          </thead>
          <tbody>
            {files.map((entry) => (
              <tr key={entry.id} className={entry.state === 'released' || entry.state === 'not-moved' || entry.state === 'missing' ? 'released' : ''}>
                <td className="mono">{entry.id}</td>
                <td className="mono" title={entry.storedPath}><UserText text={entry.originalPath} /></td>
                <td className="mono small" title={entry.sha256}>{entry.sha256.slice(0, 16)}…</td>
                <td className="small">{localTime(entry.quarantinedAt)}</td>
                <td>
                  {entry.state === 'released' ? (
                    <span className="muted small">released {entry.releasedAt ? localTime(entry.releasedAt) : ''}</span>
                  ) : entry.state === 'not-moved' ? (
                    <span className="muted small" title="The move was interrupted before the file left: it is still at its original path">not moved (interrupted)</span>
                  ) : entry.state === 'missing' ? (
                    <span className="field-error small" title="An interrupted move left the file neither at its original path nor in quarantine">missing (interrupted move)</span>
                  ) : entry.state === 'held' ? (
                    <button type="button" onClick={() => void releaseOne(entry.id)}>Release</button>
                  ) : (
                    <span className="small">moving…</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
