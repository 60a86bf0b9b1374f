import type { LiveCollectorInfo } from '../../../src-main/contract';
import { byteSize } from '../../format';
import type { LiveOutcome } from '../../stores/liveResponseStore';
import { UserText } from '../common/UserText';
import { cleanWords, collectorIdOf, commandLine, problemWords } from './liveWords';

/** What a live response came to: the archive, and per collector its exit code, bytes, hash and problem in words. */
export function LiveResultPanel({ outcome, collectors, onDismiss }: { outcome: LiveOutcome; collectors: readonly LiveCollectorInfo[]; onDismiss(): void }) {
  const dismiss = (
    <button type="button" className="icon-button" aria-label="Dismiss the live response result" onClick={onDismiss}>
      Dismiss
    </button>
  );
  if (!outcome.ok) {
    const cancelled = outcome.code === 'cancelled';
    return (
      <div className={`card-result ${cancelled ? 'passed' : 'failed'}`} role={cancelled ? 'status' : 'alert'} aria-label="Live response result">
        <p className="verdict-headline card-result-body">{cancelled ? `${outcome.message.charAt(0).toUpperCase()}${outcome.message.slice(1)}` : `Nothing captured: ${outcome.message}`}</p>
        {dismiss}
      </div>
    );
  }
  const { value } = outcome;
  const rows = [...value.collectors].sort((a, b) => a.order - b.order);
  const byId = new Map(collectors.map((collector) => [collector.id, collector]));
  const troubled = rows.filter((row) => problemWords(row, byId.get(collectorIdOf(row.id))) !== null);
  const problems = troubled.length;
  return (
    <section className={`live-result ${problems ? 'with-problems' : ''}`} role="status" aria-label="Live response result">
      <div className="live-result-head">
        <p className="verdict-headline">
          Captured {rows.length - problems} of {rows.length} collectors cleanly{problems ? `; ${problems} with a problem, recorded in the manifest` : ''} · {byteSize(value.totals.bytes)} · sha256 {value.archiveSha256.slice(0, 16)}…
        </p>
        {dismiss}
      </div>
      {problems > 0 && <p className="live-troubled">With a problem: {troubled.map((row) => row.id).join(', ')}</p>}
      <p className="small muted">
        Saved as <UserText className="mono" text={value.archive} /> ({value.evidenceId}, in the archives below with its chain of custody)
      </p>
      <table className="live-table" aria-label="Each collector, in the order it ran">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Collector</th>
            <th scope="col">Exit</th>
            <th scope="col">Bytes</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const problem = problemWords(row, byId.get(collectorIdOf(row.id)));
            return (
              <tr key={row.id} className={problem ? 'problem' : ''}>
                <td className="number">{row.order}</td>
                <td>
                  <strong className="mono">{row.id}</strong>
                  <code className="live-command">{commandLine(row.argv)}</code>
                </td>
                <td className="number">{row.exitCode ?? '—'}</td>
                <td className="number">{byteSize(row.bytes)}</td>
                <td>
                  <code className="live-hash" title={row.sha256 ?? undefined}>{row.sha256 ? `${row.sha256.slice(0, 12)}…` : '—'}</code>
                </td>
                <td className={problem ? 'live-problem' : 'live-ok'}>{problem ?? cleanWords(row)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
