import { lazy, Suspense, useEffect, useState } from 'react';
import type { ReportKind } from '../../../src-main/contract';
import { byteSize } from '../../format';
import { useReports } from '../../hooks/stores';
import { reportKey } from '../../stores/reportStore';
import { copyText } from '../playbooks/CommandBlock';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import './Report.css';

// The Markdown renderer is loaded with the first report, not with the console: startup stays light.
const ReportMarkdown = lazy(() => import('./ReportMarkdown').then((module) => ({ default: module.ReportMarkdown })));

const kindLabels: Record<ReportKind, string> = { incident: 'Incident report', postmortem: 'Postmortem' };

/** The incident report or postmortem as the service writes it, to read, print, copy or export. */
export function ReportTab({ incidentId }: { incidentId: string }) {
  const kind = useReports((state) => state.kinds[incidentId] ?? 'incident');
  const key = reportKey(incidentId, kind);
  const report = useReports((state) => state.reports[key]);
  const error = useReports((state) => state.errors[key]);
  const loading = useReports((state) => state.loading[key] ?? false);
  const exported = useReports((state) => state.exported[key]);
  const exportError = useReports((state) => state.exportErrors[key]);
  const exporting = useReports((state) => state.exporting[key] ?? false);
  const setKind = useReports((state) => state.setKind);
  const load = useReports((state) => state.load);
  const exportReport = useReports((state) => state.exportReport);
  const [copied, setCopied] = useState<string | null>(null);

  // A failed load waits for Retry instead of asking again on every render.
  const missing = !report && !error && !loading;
  useEffect(() => {
    if (missing) void load(incidentId, kind);
  }, [missing, incidentId, kind, load]);

  const copy = async (what: string, text: string) => {
    setCopied((await copyText(text)) ? `${what} copied to the clipboard.` : 'The browser did not allow copying: select the text and press Ctrl+C.');
    setTimeout(() => setCopied(null), 4_000);
  };

  return (
    <section className="report" aria-label="Report">
      <div className="report-toolbar">
        <div className="segmented" role="group" aria-label="Which report">
          {(['incident', 'postmortem'] as const).map((candidate) => (
            <button key={candidate} type="button" className={kind === candidate ? 'active' : ''} aria-pressed={kind === candidate} onClick={() => setKind(incidentId, candidate)}>
              {kindLabels[candidate]}
            </button>
          ))}
        </div>
        {loading && report && <span className="muted small" role="status">Refreshing…</span>}
        <div className="report-actions">
          <button type="button" className="primary" disabled={!report || exporting} onClick={() => void exportReport(incidentId, kind)}>
            {exporting ? 'Exporting…' : 'Export Markdown'}
          </button>
          <button type="button" disabled={!report} onClick={() => report && void copy('The Markdown', report.markdown)}>Copy Markdown</button>
          <button type="button" disabled={!report} onClick={() => window.print()}>Print</button>
        </div>
      </div>
      {exportError && <p className="form-error report-export-error" role="alert">Not exported: {exportError}</p>}
      {exported && (
        <div className="report-exported" role="status" aria-label="Exported file">
          <div>
            <span>Written to </span>
            <code className="report-path">{exported.path}</code>
            <span className="muted"> · {byteSize(exported.bytes)} ({exported.bytes} bytes)</span>
          </div>
          <div className="report-digest">
            <span className="muted">SHA-256 </span>
            <code>{exported.sha256}</code>
          </div>
          <button type="button" onClick={() => void copy('The path', exported.path)}>Copy path</button>
        </div>
      )}
      {copied && <p className="status-line" role="status">{copied}</p>}
      {error && <LoadError what={`the ${kindLabels[kind].toLowerCase()}`} message={error} onRetry={() => load(incidentId, kind)} stale={report !== undefined} />}
      {!report && !error && <Loading what={`the ${kindLabels[kind].toLowerCase()}`} onRetry={() => load(incidentId, kind)} />}
      {report && (
        <article className="report-document" aria-label={kindLabels[kind]}>
          <Suspense fallback={<p className="muted">Opening the report…</p>}>
            <ReportMarkdown markdown={report.markdown} />
          </Suspense>
        </article>
      )}
    </section>
  );
}
