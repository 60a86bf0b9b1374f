import { useState } from 'react';
import type { Incident } from '../../../src-main/contract';
import { countdown, localTime, responseWindow } from '../../format';
import { useIncidents } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { SlaClock } from '../common/SlaClock';

/** The response SLA, the acknowledge button and the next escalation: always in view. A failed acknowledge shows under the controls. */
export function SlaPanel({ incident }: { incident: Incident }) {
  const acknowledge = useIncidents((state) => state.acknowledge);
  const now = useNow();
  const [busy, setBusy] = useState(false);
  const next = incident.nextEscalation;
  const open = incident.status === 'Active' || incident.status === 'Contained';
  return (
    <div className="sla-panel">
      <div className="sla-caption">Response SLA · {incident.severityLabel} · {responseWindow(incident.sla.responseMinutes)}</div>
      <SlaClock sla={incident.sla} large />
      <div className="sla-caption">due {localTime(incident.sla.dueAt)}</div>
      {!incident.acknowledgedAt && open ? (
        <button
          type="button"
          className="primary ack-button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void acknowledge(incident.id).finally(() => setBusy(false));
          }}
        >
          {busy ? 'Acknowledging…' : 'Acknowledge'}
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
