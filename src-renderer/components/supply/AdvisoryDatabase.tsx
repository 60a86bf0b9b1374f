import { useState, type FormEvent } from 'react';
import { useSupply } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { durationText, plural } from '../logs/logText';
import { UserText } from '../common/UserText';
import { SupplyProgress } from './SupplyProgress';
import { advisoryStatusText } from './supplyText';

/** The offline advisory database in one line, and an import from a folder or OSV all.zip (a USB stick). */
export function AdvisoryDatabase({ incidentId }: { incidentId: string }) {
  const status = useSupply((state) => state.advisories);
  const error = useSupply((state) => state.advisoriesError);
  const running = useSupply((state) => state.running);
  const importAdvisories = useSupply((state) => state.importAdvisories);
  const loadAdvisories = useSupply((state) => state.loadAdvisories);
  const [path, setPath] = useDraft(`supplyPaths:${incidentId}:advisories`);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const importing = running?.kind === 'import';
  const empty = status?.advisories === 0;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (running || !path.trim()) return;
    setMessage(null);
    const result = await importAdvisories(path.trim());
    if (!result.ok) return setMessage({ text: result.error.code === 'cancelled' ? result.error.message : `Import failed: ${result.error.message}`, failed: result.error.code !== 'cancelled' });
    const { imported, unchanged, withdrawn, rejectedCount, rejected, durationMs } = result.value;
    const why = rejected.length ? ` First refused: ${rejected.slice(0, 3).map((entry) => `${entry.entry} (${entry.reason})`).join('; ')}.` : '';
    setMessage({ text: `Imported ${plural(imported, 'advisory', 'advisories')} (${unchanged.toLocaleString('en-US')} unchanged, ${withdrawn.toLocaleString('en-US')} withdrawn, ${rejectedCount.toLocaleString('en-US')} refused) in ${durationText(durationMs)}.${why}`, failed: false });
  };

  return (
    <section className={`supply-db ${empty ? 'empty-db' : ''}`} aria-label="Advisory database">
      <div className="supply-db-line">
        <h3>Advisory database</h3>
        {status ? (
          <p className={empty ? 'warn-text' : ''} role={empty ? 'note' : undefined}>{advisoryStatusText(status)}</p>
        ) : error ? (
          <p className="field-error">
            Could not read the advisory database: <UserText text={error} />{' '}
            <button type="button" className="link" onClick={() => void loadAdvisories()}>Retry</button>
          </p>
        ) : (
          <p className="muted">Reading…</p>
        )}
      </div>
      <form className="supply-db-import" aria-label="Import advisories" onSubmit={(event) => void submit(event)}>
        <label className="field" htmlFor="supply-advisory-path">
          <span>Import OSV advisories (a folder of JSON files or an all.zip)</span>
          <input id="supply-advisory-path" value={path} disabled={running !== null} placeholder="/media/usb/osv/npm/all.zip" spellCheck={false} onChange={(event) => setPath(event.target.value)} />
        </label>
        {importing ? <SupplyProgress label="Import progress" /> : <button type="submit" disabled={running !== null || !path.trim()}>Import</button>}
      </form>
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
    </section>
  );
}
