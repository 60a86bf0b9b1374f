import { useState } from 'react';
import type { Envelope, FieldConflict, Incident, IncidentStatus } from '../../../src-main/contract';
import { localTime } from '../../format';
import { useIncidents } from '../../hooks/stores';

const fieldNames: Record<FieldConflict['field'], string> = { severity: 'Severity', status: 'Status', commander: 'Commander' };
const otherControl: Record<FieldConflict['field'], string> = {
  severity: 'the Severity list above',
  status: 'the status buttons above',
  commander: 'Hand over… above',
};

/**
 * Two laptops set one field while apart. Every laptop applies the same value (the later write in the
 * shared order) and shows this until a responder decides: "Keep" is the ordinary change, whose event
 * follows both writes and so settles it.
 */
export function ConflictPanel({ incident, conflicts }: { incident: Incident; conflicts: FieldConflict[] }) {
  const schemes = useIncidents((state) => state.schemes);
  const setSeverity = useIncidents((state) => state.setSeverity);
  const setStatus = useIncidents((state) => state.setStatus);
  const setCommander = useIncidents((state) => state.setCommander);
  const [busy, setBusy] = useState(false);
  if (conflicts.length === 0) return null;
  const levels = schemes.find((scheme) => scheme.id === incident.schemeId)?.levels ?? [];
  const describe = (field: FieldConflict['field'], value: string) => {
    if (field !== 'severity') return value;
    const level = levels.find((candidate) => candidate.id === value);
    return level ? `${value} ${level.label}` : value;
  };
  const keep = async (field: FieldConflict['field'], value: string) => {
    const change: Promise<Envelope<unknown>> =
      field === 'severity'
        ? setSeverity(incident.id, value, 'settles a conflict between laptops')
        : field === 'status'
          ? setStatus(incident.id, value as IncidentStatus, 'settles a conflict between laptops')
          : setCommander(incident.id, value);
    setBusy(true);
    try {
      await change;
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="conflicts" aria-label="Conflicts to settle">
      {conflicts.map((conflict) => (
        <div key={conflict.field} className="conflict" role="group" aria-label={`${fieldNames[conflict.field]} conflict`}>
          <h2>
            <span aria-hidden="true">⚠ </span>
            {fieldNames[conflict.field]} was set differently on two laptops: decide which one stands
          </h2>
          <ul>
            {conflict.writes.map((write) => {
              const applies = write.hash === conflict.winner.hash;
              return (
                <li key={write.hash} className={applies ? 'applies' : ''}>
                  <strong className="conflict-value">{describe(conflict.field, write.value)}</strong>
                  <span className="conflict-who">
                    set by <strong>{write.actor}</strong> at {localTime(write.at)}
                  </span>
                  {applies ? (
                    <span className="conflict-applies">applies now on every laptop (the later in the shared order)</span>
                  ) : (
                    <span className="conflict-applies muted">not applied</span>
                  )}
                  <button type="button" disabled={busy} onClick={() => void keep(conflict.field, write.value)}>
                    Keep {write.value}
                  </button>
                </li>
              );
            })}
          </ul>
          <p className="muted small">
            Keeping one records your decision on this laptop; the other laptops see it with the next bundle. Or choose another value with {otherControl[conflict.field]}.
          </p>
        </div>
      ))}
    </section>
  );
}
