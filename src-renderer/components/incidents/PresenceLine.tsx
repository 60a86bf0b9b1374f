import { useEffect } from 'react';
import { localTime } from '../../format';
import { agoText, lastActionLabel } from '../../hubText';
import { useHub } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';

/**
 * "Who is working this": one line under the incident's title, always there (so nothing below moves
 * when it loads) and never taller than one line, newest activity first. Reloaded on incident.changed.
 */
export function PresenceLine({ incidentId }: { incidentId: string }) {
  const presence = useHub((state) => state.presence[incidentId]);
  const error = useHub((state) => state.presenceErrors[incidentId]);
  const loadPresence = useHub((state) => state.loadPresence);
  const now = useNow();
  useEffect(() => {
    void loadPresence(incidentId);
  }, [incidentId, loadPresence]);
  const responders = [...(presence?.responders ?? [])].sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt));
  return (
    <div className="incident-presence" role="group" aria-label="Who is working this">
      <span className="muted small">Working this</span>
      {error ? (
        <span className="muted small" title={error}>
          unknown: {error}
        </span>
      ) : !presence ? (
        <span className="muted small">…</span>
      ) : responders.length === 0 ? (
        <span className="muted small">nobody yet</span>
      ) : (
        <ul>
          {responders.map((responder) => (
            <li key={responder.actorKey} className={responder.thisLaptop ? 'this-laptop' : undefined} title={`${responder.name}${responder.thisLaptop ? ' (this laptop)' : ''}: ${responder.events} event${responder.events === 1 ? '' : 's'}, last ${lastActionLabel(responder.lastEventType)} at ${localTime(responder.lastActivityAt)}; device key ${responder.actorKey.slice(0, 12)}…`}>
              <strong>{responder.name}</strong>
              {responder.thisLaptop && <span className="presence-you">this laptop</span>}
              <time dateTime={responder.lastActivityAt} title={localTime(responder.lastActivityAt)}>
                {agoText(responder.lastActivityAt, now)}
              </time>
              <span className="muted">{lastActionLabel(responder.lastEventType)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
