import { useState } from 'react';
import type { TimelineImport } from '../../../../src-main/contract';
import { useInvestigationTimeline, useSharing } from '../../../hooks/stores';

/** Hands text to the browser as a download: the export never leaves the laptop except as the file saved. */
function download(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Export as CSV or JSON (the service builds the text, the renderer saves it), and import a CSV by
 * its path: like bundles and runbooks, browser mode has no file dialog, so the path is typed (the
 * desktop app offers "Choose…").
 */
export function TimelineTransfer({ incidentId }: { incidentId: string }) {
  const exportText = useInvestigationTimeline((state) => state.exportText);
  const importCsv = useInvestigationTimeline((state) => state.importCsv);
  const canPick = useSharing((state) => state.canPick);
  const pickFile = useSharing((state) => state.pickFile);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [importing, setImporting] = useState(false);
  const [path, setPath] = useState('');
  const [imported, setImported] = useState<TimelineImport | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(format: 'csv' | 'json') {
    setBusy(true);
    const result = await exportText(incidentId, format);
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: `Export failed: ${result.error.message}` });
    const fileName = `${incidentId}-timeline.${format}`;
    download(result.value, fileName, format === 'csv' ? 'text/csv;charset=utf-8' : 'application/json');
    setMessage({ error: false, text: `Saved ${fileName} (indicator values defanged).` });
  }

  async function load() {
    if (!path.trim()) return setMessage({ error: true, text: 'Type the path of a timeline CSV on this computer.' });
    setBusy(true);
    const result = await importCsv(incidentId, path.trim());
    setBusy(false);
    if (!result.ok) return setMessage({ error: true, text: `Nothing imported: ${result.error.message}` });
    setImported(result.value);
    setMessage(result.value.rejected.length ? { error: true, text: `Nothing imported: ${result.value.rejected.length} rows rejected.` } : { error: false, text: `Imported ${result.value.imported} entries${result.value.redacted ? ` (a secret taken out of ${result.value.redacted})` : ''}.` });
  }

  return (
    <div className="inv-transfer">
      <button type="button" onClick={() => void save('csv')} disabled={busy}>Export CSV</button>
      <button type="button" onClick={() => void save('json')} disabled={busy}>Export JSON</button>
      <button type="button" aria-expanded={importing} onClick={() => setImporting(!importing)}>Import CSV…</button>
      {importing && (
        <div className="inv-import">
          <label className="field">
            <span>Timeline CSV on this computer (columns as exported)</span>
            <input value={path} onChange={(event) => setPath(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && void load()} placeholder="/home/me/INC-…-timeline.csv" spellCheck={false} />
          </label>
          {canPick && <button type="button" onClick={() => void pickFile().then((chosen) => chosen && setPath(chosen))}>Choose…</button>}
          <button type="button" className="primary" onClick={() => void load()} disabled={busy}>Import</button>
        </div>
      )}
      {message && (
        <p className={message.error ? 'field-error' : 'muted small'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      {imported && imported.rejected.length > 0 && (
        <ul className="inv-rejected small" aria-label="Rejected rows">
          {imported.rejected.slice(0, 20).map((row) => (
            <li key={row.line}>
              Line {row.line}: {row.reason}
            </li>
          ))}
          {imported.rejected.length > 20 && <li className="muted">…and {imported.rejected.length - 20} more</li>}
        </ul>
      )}
    </div>
  );
}
