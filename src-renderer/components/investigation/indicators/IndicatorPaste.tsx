import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { IndicatorImport, Tlp } from '../../../../src-main/contract';
import { useIndicators } from '../../../hooks/stores';
import { useDraft } from '../../../hooks/useDraft';
import { UserText } from '../../common/UserText';
import { TlpOptions, tlpSelectClass } from './IndicatorTlp';
import { countsByType, indicatorTypeNames, parseTags } from './indicatorWords';

const shownLines = 200;

/**
 * A pasted list (a report's IOC section, a feed, a grep): classified first, with counts by type,
 * duplicates and every rejected line with its reason, and only then added in one event.
 */
export function IndicatorPaste({ incidentId, onClose }: { incidentId: string; onClose(): void }) {
  const previewList = useIndicators((state) => state.preview);
  const importList = useIndicators((state) => state.importList);
  const preview = useIndicators((state) => state.previews[incidentId]);
  // Not kept on disk like a note (it may be megabytes): the key names no incident for draftSync.
  const [text, setText, clearText] = useDraft(`iocpaste/${incidentId}`);
  const [tagText, setTagText] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const [busy, setBusy] = useState<'preview' | 'add' | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const current = preview && preview.text === text ? preview.result : null;

  async function runPreview(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (!text.trim()) return setMessage({ text: 'Paste some lines first: one indicator per line.', failed: true });
    setBusy('preview');
    setMessage(null);
    const result = await previewList(incidentId, text, tlp, parseTags(tagText));
    setBusy(null);
    if (!result.ok) setMessage({ text: `Could not check the list: ${result.error.message}`, failed: true });
  }

  async function add() {
    if (busy || !current) return;
    setBusy('add');
    const result = await importList(incidentId, text, tlp, parseTags(tagText));
    setBusy(null);
    if (!result.ok) return setMessage({ text: `Nothing added: ${result.error.message}`, failed: true });
    const { added, merged, rejected } = result.value;
    setMessage({ text: `Added ${added} indicator${added === 1 ? '' : 's'}${merged ? `, ${merged} merged into ones held` : ''}${rejected.length ? `; ${rejected.length} line${rejected.length === 1 ? '' : 's'} left out` : ''}.`, failed: false });
    clearText(text);
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void (current ? add() : runPreview());
    }
  };

  return (
    <form className="ioc-paste" aria-label="Paste a list of indicators" onSubmit={(event) => void runPreview(event)}>
      <div className="ioc-paste-input">
        <label className="field">
          <span>One indicator per line (defanged forms welcome; blank lines and # comments skipped)</span>
          <textarea rows={6} value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} spellCheck={false} placeholder={'203.0.113[.]7\nhxxps://login-update[.]example/verify\nd41d8cd98f00b204e9800998ecf8427e'} />
        </label>
        <div className="ioc-paste-options">
          <label className="field">
            <span>TLP for all</span>
            <select className={tlpSelectClass(tlp)} value={tlp} onChange={(event) => setTlp(event.target.value as Tlp)}>
              <TlpOptions />
            </select>
          </label>
          <label className="field">
            <span>Tags for all</span>
            <input value={tagText} onChange={(event) => setTagText(event.target.value)} placeholder="report-2026-12" autoComplete="off" />
          </label>
          <div className="ioc-paste-buttons">
            <button type="submit" disabled={busy !== null}>{busy === 'preview' ? 'Checking…' : 'Preview'}</button>
            <button type="button" className="link" onClick={onClose}>Close</button>
          </div>
        </div>
      </div>
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
      {preview && !current && <p className="hint">The list changed since the preview: preview it again before adding.</p>}
      {current && <PastePreview result={current} busy={busy === 'add'} onAdd={() => void add()} />}
    </form>
  );
}

function PastePreview({ result, busy, onAdd }: { result: IndicatorImport; busy: boolean; onAdd(): void }) {
  const { accepted, added, merged, byType, rejected, preview } = result;
  return (
    <section className="ioc-preview" aria-label="Preview of the pasted list">
      <p className="ioc-preview-counts" role="status">
        <strong>{accepted} indicator{accepted === 1 ? '' : 's'}</strong>
        {accepted > 0 && <span> ({countsByType(byType)})</span>}
        <span className="muted"> · {added} new</span>
        {merged > 0 && <span className="muted"> · {merged} duplicate{merged === 1 ? '' : 's'} (merged)</span>}
        {rejected.length > 0 && <span className="ioc-rejected-count"> · {rejected.length} rejected</span>}
      </p>
      {rejected.length > 0 && (
        <table className="ioc-table ioc-rejected" aria-label="Rejected lines">
          <thead>
            <tr><th scope="col">Line</th><th scope="col">Text</th><th scope="col">Why it was left out</th></tr>
          </thead>
          <tbody>
            {rejected.map((line) => (
              <tr key={line.line}>
                <td className="mono">{line.line}</td>
                <td><UserText as="code" className="ioc-value" text={line.text} dir="ltr" /></td>
                <td><UserText text={line.reason} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {preview.length > 0 && (
        <details className="ioc-preview-lines">
          <summary>Each line as classified</summary>
          <ol>
            {preview.slice(0, shownLines).map((line) => (
              <li key={line.line} className={line.duplicate ? 'muted' : undefined}>
                <span className="mono">{line.line}</span> <span className="ioc-type">{indicatorTypeNames[line.type]}</span> <code className="ioc-value">{line.defanged}</code>
                {line.duplicate && ' · duplicate'}
              </li>
            ))}
          </ol>
          {preview.length > shownLines && <p className="hint">and {preview.length - shownLines} more lines.</p>}
        </details>
      )}
      <div className="form-actions">
        <span className="hint">Ctrl+Enter adds · nothing is stored before this</span>
        <button type="button" className="primary" disabled={busy || accepted === 0} onClick={onAdd}>
          {busy ? 'Adding…' : added > 0 || merged === 0 ? `Add ${added} indicator${added === 1 ? '' : 's'}` : `Merge ${merged} sighting${merged === 1 ? '' : 's'}`}
        </button>
      </div>
    </section>
  );
}
