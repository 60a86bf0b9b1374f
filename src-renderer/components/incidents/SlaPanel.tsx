import { useState } from 'react';
import type { Incident } from '../../../src-main/contract';
import { clockTime, localTime, responseWindow } from '../../format';
import { useIncidents } from '../../hooks/stores';
import { SlaClock } from '../common/SlaClock';

/** A clock time alone is ambiguous for a deadline on another day: then the date is shown too. */
const deadline = (iso: string) => (new Date(iso).toDateString() === new Date().toDateString() ? clockTime(iso) : localTime(iso));

/** The response SLA and the acknowledge button, in the sticky header: always in view. A failed acknowledge shows under the controls. */
export function SlaPanel({ incident }: { incident: Incident }) {
  return (
    <div className="sla-panel" title={`Response SLA for ${incident.severityLabel}: ${responseWindow(incident.sla.responseMinutes)}, due ${localTime(incident.sla.dueAt)}`}>
      <div className="sla-caption">
        Response SLA · {responseWindow(incident.sla.responseMinutes)}
        <br />
        due {deadline(incident.sla.dueAt)}
      </div>
      <SlaClock sla={incident.sla} large />
      <AcknowledgeButton incident={incident} />
    </div>
  );
}

/** Acknowledge while the incident is open and unacknowledged; afterwards, when it was. A drill's header has it too (acknowledging in time is scored). */
export function AcknowledgeButton({ incident }: { incident: Incident }) {
  const acknowledge = useIncidents((state) => state.acknowledge);
  const [busy, setBusy] = useState(false);
  const open = incident.status === 'Active' || incident.status === 'Contained';
  return (
    <>
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
        incident.acknowledgedAt && <div className="sla-caption">acknowledged {deadline(incident.acknowledgedAt)}</div>
      )}
    </>
  );
}
