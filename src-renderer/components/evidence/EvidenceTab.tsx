import { useEffect, useState, type FormEvent } from 'react';
import type { EvidencePreflight, PickKind } from '../../../src-main/contract';
import { byteSize } from '../../format';
import { useEvidence, useIncidents, useLiveResponse } from '../../hooks/stores';
import { EvidenceCard } from './EvidenceCard';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { QuarantinePanel } from './QuarantinePanel';
import { PreflightPanel } from './PreflightPanel';
import { LiveResponsePanel } from './LiveResponsePanel';
import './Evidence.css';

/** The incident's Evidence tab: collect files or run a live response, with progress and cancel; the archives with custody; quarantine. */
export function EvidenceTab({ incidentId }: { incidentId: string }) {
  const items = useEvidence((state) => state.items[incidentId]);
  const load = useEvidence((state) => state.load);
  const loadError = useEvidence((state) => state.loadErrors[incidentId]);
  const collect = useEvidence((state) => state.collect);
  const cancel = useEvidence((state) => state.cancel);
  const collecting = useEvidence((state) => state.collecting);
  const progress = useEvidence((state) => state.progress);
  const canPick = useEvidence((state) => state.canPick);
  const pick = useEvidence((state) => state.pick);
  const preflight = useEvidence((state) => state.preflight);
  const showResult = useEvidence((state) => state.showResult);
  const dataDir = useIncidents((state) => state.info?.dataDir ?? '');
  // Live response replaces the file form while chosen (a playbook step may choose it).
  const live = useLiveResponse((state) => state.chosen[incidentId]);
  const chooseLive = useLiveResponse((state) => state.choose);
  const closeLive = useLiveResponse((state) => state.close);
  const [paths, setPaths] = useState('');
  const [output, setOutput] = useState('');
  const [followSymlinks, setFollowSymlinks] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const [cancelError, setCancelError] = useState<string | null>(null);
  /** What the check before collection found, for the list it checked; shown until the responder chooses. */
  const [check, setCheck] = useState<{ result: EvidencePreflight; paths: string[]; output: string } | null>(null);
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const suggested = `${dataDir}/evidence/${incidentId}-${(items?.length ?? 0) + 1}.tar.gz`;
  const choose = async (kind: PickKind) => {
    const chosen = await pick(kind);
    if (chosen.length) setPaths((current) => [...current.split('\n').filter((line) => line.trim()), ...chosen].join('\n'));
  };
  const runCollect = async (list: string[], target: string, skipUnavailable: boolean) => {
    setCheck(null);
    const result = await collect(incidentId, list, target, followSymlinks, skipUnavailable);
    if (!result.ok) {
      setMessage(result.error.code === 'cancelled' ? { text: result.error.message, failed: false } : { text: `Nothing collected: ${result.error.message}`, failed: true });
      // A path may have gone since it was checked: look again, so the choice to go on without it is offered.
      if (result.error.code !== 'cancelled') await checkFirst(list, target, false);
      return;
    }
    const { totals, problems, archiveSha256, leftOut, evidenceId } = result.value;
    const left = leftOut.length ? [`Left out: ${leftOut.map((root) => `${root.path} (${root.reason})`).join(', ')}`] : [];
    const skipped = problems.length ? [`${problems.length} recorded but not archived: ${problems.map((p) => `${p.path} (${p.problem})`).join(', ')}`] : [];
    showResult(evidenceId, 'collected', { text: `Collected ${totals.files} files (${byteSize(totals.bytes)}), sha256 ${archiveSha256.slice(0, 16)}…`, failed: false, details: [...left, ...skipped] });
    setMessage(null);
    setPaths('');
    setOutput('');
  };
  /** Checks every path first; collects at once when all can be read, else shows what cannot and waits for a choice. */
  const checkFirst = async (list: string[], target: string, thenCollect: boolean) => {
    setChecking(true);
    const checked = await preflight(list, target, followSymlinks);
    setChecking(false);
    if (!checked.ok) return setMessage({ text: `Nothing collected: ${checked.error.message}`, failed: true });
    if (checked.value.unavailable.length || checked.value.outputProblem) return setCheck({ result: checked.value, paths: list, output: target });
    if (thenCollect) await runCollect(list, target, false);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = paths.split('\n').map((line) => line.trim()).filter(Boolean);
    setMessage(null);
    setCancelError(null);
    setCheck(null);
    await checkFirst(list, output.trim() || suggested, true);
  };
  const percent = progress?.total ? Math.min(100, (progress.done / progress.total) * 100) : 0;

  return (
    <section className="evidence" aria-label="Evidence">
      <div className="evidence-mode" role="group" aria-label="What to collect">
        <button type="button" aria-pressed={!live} onClick={() => closeLive(incidentId)}>Files and folders</button>
        <button type="button" aria-pressed={Boolean(live)} onClick={() => chooseLive(incidentId, live?.profile ?? 'quick', false)}>Live response</button>
      </div>
      {live && <LiveResponsePanel incidentId={incidentId} />}
      {!live && <form className="evidence-form" onSubmit={(event) => void submit(event)}>
        <label className="field paths">
          <span>Files and folders to collect, one per line</span>
          <textarea rows={3} value={paths} disabled={collecting} onChange={(e) => {
            setPaths(e.target.value);
            setCheck(null);
          }} placeholder={'/var/log/nginx\n/etc/nginx/nginx.conf'} />
        </label>
        <div className="evidence-options">
          {canPick && (
            <div className="inline-field">
              <button type="button" disabled={collecting} onClick={() => void choose('files')}>Add files…</button>
              <button type="button" disabled={collecting} onClick={() => void choose('folder')}>Add folder…</button>
            </div>
          )}
          <label className="field">
            <span>Save the archive as</span>
            <input value={output} disabled={collecting} onChange={(e) => setOutput(e.target.value)} placeholder={suggested} />
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={followSymlinks} disabled={collecting} onChange={(e) => setFollowSymlinks(e.target.checked)} />
            Follow symlinks that stay inside these paths (loops are detected)
          </label>
        </div>
        <div className="form-actions">
          {collecting ? (
            <>
              <span className="progress evidence-progress" role="status" aria-label="Collection progress">
                <span className="progress-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(percent)}>
                  <span style={{ width: `${percent}%` }} />
                </span>
                <span className="small">{progress?.message ?? 'Listing files…'}</span>
              </span>
              <button type="button" onClick={() => void cancel().then(setCancelError)}>Cancel</button>
              {cancelError && <span className="field-error" role="alert">{cancelError}</span>}
            </>
          ) : (
            <button type="submit" className="primary" disabled={!paths.trim() || checking}>{checking ? 'Checking the paths…' : 'Collect evidence'}</button>
          )}
        </div>
      </form>}
      {!live && check && (
        <PreflightPanel check={check.result} busy={collecting} onContinue={() => void runCollect(check.paths, check.output, true)} onEdit={() => setCheck(null)} />
      )}
      {!live && message && (
        <div className={`card-result ${message.failed ? 'failed' : 'passed'}`} role={message.failed ? 'alert' : 'status'}>
          <p className="verdict-headline card-result-body">{message.text}</p>
          <button type="button" className="icon-button" aria-label="Dismiss the collection message" onClick={() => setMessage(null)}>Dismiss</button>
        </div>
      )}
      <h3>Archives</h3>
      {loadError && <LoadError what="this incident's archives" message={loadError} onRetry={() => load(incidentId)} stale={items !== undefined} />}
      {!items && !loadError && <Loading what="this incident's archives" onRetry={() => load(incidentId)} />}
      {items?.length === 0 && <p className="muted small">Nothing collected for this incident yet.</p>}
      <ul className="evidence-list">
        {(items ?? []).map((item) => <EvidenceCard key={item.id} incidentId={incidentId} item={item} />)}
      </ul>
      <QuarantinePanel incidentId={incidentId} />
    </section>
  );
}
