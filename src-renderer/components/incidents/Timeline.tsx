import type { TimelineEntry } from '../../../src-main/contract';
import { localTime, sinceDeclared } from '../../format';
import { LongUserText } from '../common/LongUserText';
import './Timeline.css';

const kinds: Record<string, string> = {
  'incident.declared': 'declared',
  'incident.noteAdded': 'note',
  'incident.statusChanged': 'status',
  'incident.severityChanged': 'severity',
  'incident.commanderChanged': 'commander',
  'incident.variablesSet': 'variables',
  'incident.roleChanged': 'role',
  'sla.breached': 'breach',
  'incident.acknowledged': 'status',
  'incident.phaseAdvanced': 'phase',
  'checklist.snapshotted': 'checklist',
  'checklist.stepChanged': 'step',
  'checklist.stepNoted': 'note',
  'checklist.stepAdded': 'step',
  'checklist.stepAssigned': 'step',
  'escalation.due': 'escalation',
  'escalation.acknowledged': 'escalation',
  'comms.sent': 'comms',
  'action.added': 'action',
  'action.updated': 'action',
};

/** Newest first: at 3 a.m. the last thing that happened matters most. Each time also reads as T+ since the declaration. */
export function Timeline({ entries, declaredAt }: { entries: TimelineEntry[]; declaredAt: string }) {
  return (
    <ol className="timeline" aria-label="Timeline">
      {[...entries].reverse().map((entry) => (
        <li key={entry.seq} className={`timeline-entry kind-${kinds[entry.type] ?? 'other'}${entry.payload.reversal === true ? ' is-reversal' : ''}`}>
          <div className="timeline-meta">
            <time dateTime={entry.at}>{localTime(entry.at)}</time>
            <span className="since-declared" title="Time since the incident was declared">{sinceDeclared(entry.at, declaredAt)}</span>
            <span className="actor">{entry.actor}</span>
            <span className="seq">#{entry.seq}</span>
          </div>
          {/* Summaries carry user words (notes, step names): shown as user text, long ones collapsed. */}
          <LongUserText text={entry.summary} className="timeline-summary" />
        </li>
      ))}
    </ol>
  );
}
