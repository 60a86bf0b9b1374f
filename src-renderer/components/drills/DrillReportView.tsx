import { lazy, Suspense, useEffect, useState } from 'react';
import { useDrills, useIncidents } from '../../hooks/stores';
import { copyText } from '../playbooks/CommandBlock';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import '../report/Report.css';

// The Markdown renderer is the report tab's, loaded with the first report.
const ReportMarkdown = lazy(() => import('../report/ReportMarkdown').then((module) => ({ default: module.ReportMarkdown })));

/** The drill report (drill.report) as a document, with Copy and Export to a file the responder names. */
export function DrillReportView({ incidentId }: { incidentId: string }) {
  const report = useDrills((state) => state.reports[incidentId]);
  const error = useDrills((state) => state.reportErrors[incidentId]);
  const exported = useDrills((state) => state.exported[incidentId]);
  const exportError = useDrills((state) => state.exportErrors[incidentId]);
  const loadReport = useDrills((state) => state.loadReport);
  const exportReport = useDrills((state) => state.exportReport);
  const dataDir = useIncidents((state) => state.info?.dataDir);
  const [output, setOutput] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [asText, setAsText] = useState(false);
  const path = output ?? (dataDir ? `${dataDir.replace(/[\\/]+$/, '')}/exports/${incidentId}-drill-report.md` : '');

  useEffect(() => {
    void loadReport(incidentId);
  }, [incidentId, loadReport]);

  const copy = async () => {
    if (!report) return;
    setCopied((await copyText(report.markdown)) ? 'The Markdown copied to the clipboard.' : 'The browser did not allow copying: select the text and press Ctrl+C.');
    setTimeout(() => setCopied(null), 4_000);
  };
  const onExport = async () => {
    setExporting(true);
    await exportReport(incidentId, path.trim());
    setExporting(false);
  };

  return (
    <section className="report drill-report" aria-label="Drill report">
      <div className="report-toolbar">
        <div className="segmented" role="group" aria-label="Show the report">
          <button type="button" className={asText ? '' : 'active'} aria-pressed={!asText} onClick={() => setAsText(false)}>Rendered</button>
          <button type="button" className={asText ? 'active' : ''} aria-pressed={asText} onClick={() => setAsText(true)}>Markdown</button>
        </div>
        <div className="report-actions">
          <button type="button" disabled={!report} onClick={() => void copy()}>Copy Markdown</button>
        </div>
      </div>
      <form
        className="drill-export"
        onSubmit={(event) => {
          event.preventDefault();
          void onExport();
        }}
      >
        <label htmlFor={`drill-export-${incidentId}`}>Export to file</label>
        <input id={`drill-export-${incidentId}`} className="mono" value={path} onChange={(event) => setOutput(event.target.value)} spellCheck={false} />
        <button type="submit" className="primary" disabled={!report || exporting || path.trim() === ''}>{exporting ? 'Exporting…' : 'Export'}</button>
      </form>
      {exportError && <p className="form-error" role="alert">Not exported: {exportError}</p>}
      {exported && !exportError && (
        <p className="status-line" role="status">
          Written to <code className="report-path">{exported}</code>
        </p>
      )}
      {copied && <p className="status-line" role="status">{copied}</p>}
      {error && <LoadError what="the drill report" message={error} onRetry={() => loadReport(incidentId)} stale={report !== undefined} />}
      {!report && !error && <Loading what="the drill report" onRetry={() => loadReport(incidentId)} />}
      {report && (
        <article className="report-document" aria-label="Drill report document">
          {asText ? (
            <pre className="drill-report-text">{report.markdown}</pre>
          ) : (
            <Suspense fallback={<p className="muted">Opening the report…</p>}>
              <ReportMarkdown markdown={report.markdown} />
            </Suspense>
          )}
        </article>
      )}
    </section>
  );
}
