import type { Incident } from '../../src-main/contract';
import { countdown, localTime, responseWindow } from '../format';
import { useIncidents } from '../hooks/stores';
import { useNow } from '../hooks/useNow';
import { SlaClock } from './SlaClock';

/** The response SLA, the acknowledge button and the next escalation: always in view. */
export function SlaPanel({ incident }: { incident: Incident }) {
  const acknowledge = useIncidents((state) => state.acknowledge);
  const now = useNow();
  const next = incident.nextEscalation;
  const open = incident.status === 'Active' || incident.status === 'Contained';
  return (
    <div className="sla-panel">
      <div className="sla-caption">Response SLA · {incident.severityLabel} · {responseWindow(incident.sla.responseMinutes)}</div>
      <SlaClock sla={incident.sla} large />
      <div className="sla-caption">due {localTime(incident.sla.dueAt)}</div>
      {!incident.acknowledgedAt && open ? (
        <button type="button" className="primary ack-button" onClick={() => void acknowledge(incident.id)}>
          Acknowledge
        </button>
      ) : (
        incident.acknowledgedAt && <div className="sla-caption">acknowledged {localTime(incident.acknowledgedAt)}</div>
      )}
      {next && (
        <div className="next-escalation" title={`Escalation step ${next.key}`}>
          Next escalation: <strong>{next.notify}</strong> in {countdown(Date.parse(next.dueAt) - now.getTime())}
        </div>
      )}
    </div>
  );
}
