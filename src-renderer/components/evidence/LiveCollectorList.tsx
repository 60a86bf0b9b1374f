import type { LiveCollectorInfo } from '../../../src-main/contract';
import { commandLine, duration } from './liveWords';

/** Volatile collectors run first (order of volatility); within each group, the profile's order. */
export function runOrder(collectors: readonly LiveCollectorInfo[]): LiveCollectorInfo[] {
  return [...collectors.filter((c) => c.volatile), ...collectors.filter((c) => !c.volatile)];
}

/** What each collector of the chosen profile will run, in the order it runs, and what cannot run here and why. */
export function LiveCollectorList({ collectors, paths, namespaces, running }: { collectors: readonly LiveCollectorInfo[]; paths: string[]; namespaces: string[]; running: Set<string> }) {
  const ordered = runOrder(collectors);
  return (
    <ol className="live-plan" aria-label="What this profile will run">
      {ordered.map((collector) => (
        <li key={collector.id} className={`${collector.available ? '' : 'unavailable'} ${running.has(collector.id) ? 'running' : ''}`}>
          <div className="live-plan-head">
            <strong className="mono">{collector.id}</strong>
            <span className="live-plan-desc">{collector.description}</span>
            <span className="live-plan-tags">
              {running.has(collector.id) && <span className="live-tag running">running…</span>}
              {collector.volatile && <span className="live-tag volatile" title="Changes from moment to moment: captured first">volatile</span>}
              {collector.needsRoot && <span className="live-tag root" title="Runs only when Firebreak runs as root">needs root</span>}
              {collector.redact && <span className="live-tag" title="Its output passes through the secret redactor before it is archived">secrets redacted</span>}
              <span className="live-tag" title="Stopped if it runs longer">{duration(collector.timeoutMs)} limit</span>
            </span>
          </div>
          <code className="live-command">{commandLine(collector.argv, { paths, namespaces })}</code>
          {collector.argv.includes('{namespace}') && namespaces.length > 1 && <p className="small muted live-note">Runs once for each namespace: {namespaces.join(', ')}</p>}
          {!collector.available && <p className="live-unavailable">Will not run: {collector.unavailableReason ?? 'not available on this machine'}</p>}
        </li>
      ))}
    </ol>
  );
}
