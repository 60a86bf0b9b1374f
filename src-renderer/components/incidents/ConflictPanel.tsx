import { useState } from 'react';
import type { Envelope, FieldConflict, Incident, IncidentRole, IncidentStatus } from '../../../src-main/contract';
import { roleLabels } from '../../roleText';
import { localTime } from '../../format';
import { useChecklists, useIncidents } from '../../hooks/stores';

const otherControl: Record<FieldConflict['field'], string> = {
  severity: 'the Severity list above',
  status: 'the status buttons above',
  commander: 'Hand over… above',
  role: 'the Roles bar above',
  assignee: 'the step\'s Assign button',
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
  const setRole = useIncidents((state) => state.setRole);
  const assign = useChecklists((state) => state.assign);
  const steps = useChecklists((state) => state.checklists[incident.id]?.steps);
  const [busy, setBusy] = useState(false);
  if (conflicts.length === 0) return null;
  const fieldName = ({ field, key }: FieldConflict) =>
    field === 'role' ? (roleLabels[key as IncidentRole] ?? key) : field === 'assignee' ? `Who has the step “${steps?.find((step) => step.id === key)?.text ?? key}”` : field[0]!.toUpperCase() + field.slice(1);
  // A role or an assignee written empty means nobody: say so rather than show a blank.
  const shown = (value: string) => value || 'nobody';
  const levels = schemes.find((scheme) => scheme.id === incident.schemeId)?.levels ?? [];
  const describe = (field: FieldConflict['field'], value: string) => {
    if (field !== 'severity') return value;
    const level = levels.find((candidate) => candidate.id === value);
    return level ? `${value} ${level.label}` : value;
  };
  const keep = async ({ field, key }: FieldConflict, value: string) => {
    const settling = 'settles a conflict between laptops';
    const change: Promise<Envelope<unknown>> =
      field === 'severity'
        ? setSeverity(incident.id, value, settling)
        : field === 'status'
          ? setStatus(incident.id, value as IncidentStatus, settling)
          : field === 'role'
            ? setRole(incident.id, key as IncidentRole, value, settling)
            : field === 'assignee'
              ? assign(incident.id, key, value)
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
        <div key={`${conflict.field} ${conflict.key}`} className="conflict" role="group" aria-label={`${fieldName(conflict)} conflict`}>
          <h2>
            <span aria-hidden="true">⚠ </span>
            {fieldName(conflict)} was set differently on two laptops: decide which one stands
          </h2>
          <ul>
            {conflict.writes.map((write) => {
              const applies = write.hash === conflict.winner.hash;
              return (
                <li key={write.hash} className={applies ? 'applies' : ''}>
                  <strong className="conflict-value">{shown(describe(conflict.field, write.value))}</strong>
                  <span className="conflict-who">
                    set by <strong>{write.actor}</strong> at {localTime(write.at)}
                  </span>
                  {applies ? (
                    <span className="conflict-applies">applies now on every laptop (the later in the shared order)</span>
                  ) : (
                    <span className="conflict-applies muted">not applied</span>
                  )}
                  <button type="button" disabled={busy} onClick={() => void keep(conflict, write.value)}>
                    Keep {shown(write.value)}
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
