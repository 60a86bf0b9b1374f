import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { byteSize } from '../../format';
import { useLogs } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { durationText, plural } from './logText';

/** A datetime-local value (`2026-11-23T14:15`) read as UTC, as the field's label says. */
function utcInstant(value: string): string | undefined {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : undefined;
}

/** Paths and patterns to scan, one a line, and an optional UTC window; runs the scan with progress and cancel. */
export function LogScanForm({ incidentId }: { incidentId: string }) {
  const run = useLogs((state) => state.run);
  const cancel = useLogs((state) => state.cancel);
  const running = useLogs((state) => state.running);
  const progress = useLogs((state) => state.progress);
  // Typed paths survive a tab switch and a reload, like every other draft.
  const [paths, setPaths] = useDraft(`logPaths:${incidentId}`);
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  const scanning = running !== null;
  const list = paths.split('\n').map((line) => line.trim()).filter(Boolean);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (scanning || list.length === 0) return;
    setMessage(null);
    setCancelError(null);
    const result = await run(incidentId, list, utcInstant(since), utcInstant(until));
    if (!result.ok) return setMessage(result.error.code === 'cancelled' ? { text: result.error.message, failed: false } : { text: `Scan failed: ${result.error.message}`, failed: true });
    const { stats, findings, aggregates } = result.value;
    const cut = stats.longLinesCut ? ` ${plural(stats.longLinesCut, 'line')} over 64 KiB matched on head and tail only.` : '';
    const skipped = stats.skipped.length ? ` Skipped ${stats.skipped.map((skip) => `${skip.file} (${skip.reason})`).join(', ')}.` : '';
    setMessage({ text: `Read ${plural(stats.files, 'file')}, ${plural(stats.lines, 'line')} in ${durationText(stats.durationMs)}: ${plural(findings.length + stats.findingsOmitted, 'finding')}, ${plural(aggregates.length, 'pattern')} across lines.${cut}${skipped}`, failed: false });
  };
  // Enter runs (the usual case is one path); Shift+Enter adds another line.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    void submit();
  };
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : 0;

  return (
    <form className="log-form" aria-label="Scan logs" onSubmit={(event) => void submit(event)}>
      <label className="field log-paths">
        <span>Log files to scan, one a line (patterns like <code>/var/log/nginx/access.log*</code>; .gz is read too)</span>
        <textarea rows={Math.min(5, Math.max(2, list.length + 1))} value={paths} disabled={scanning} onChange={(event) => setPaths(event.target.value)} onKeyDown={onKeyDown} placeholder="/var/log/nginx/access.log*" spellCheck={false} aria-describedby="log-paths-hint" />
        <span id="log-paths-hint" className="muted small">Enter runs the scan; Shift+Enter adds a line.</span>
      </label>
      <div className="log-form-row">
        <label className="field">
          <span>Since (UTC, optional)</span>
          <input type="datetime-local" value={since} disabled={scanning} onChange={(event) => setSince(event.target.value)} />
        </label>
        <label className="field">
          <span>Until (UTC, optional)</span>
          <input type="datetime-local" value={until} disabled={scanning} onChange={(event) => setUntil(event.target.value)} />
        </label>
        {scanning ? (
          <>
            <span className="progress log-progress" role="status" aria-label="Log scan progress">
              <span className="progress-bar" role="progressbar" aria-label="Bytes read" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
                <span style={{ width: `${percent}%` }} />
              </span>
              <span className="small">
                {/* The server's words say files, bytes of total and findings so far; bytes alone if it has none. */}
                {progress ? progress.message || `${byteSize(progress.done)}${progress.total ? ` of ${byteSize(progress.total)}` : ''}` : 'Starting…'}
              </span>
            </span>
            <button type="button" onClick={() => void cancel().then(setCancelError)}>Cancel</button>
          </>
        ) : (
          <button type="submit" className="primary" disabled={list.length === 0}>Scan logs</button>
        )}
      </div>
      {cancelError && <p className="field-error" role="alert">{cancelError}</p>}
      {message && <p className={`status-line ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
    </form>
  );
}
