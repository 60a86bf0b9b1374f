import { useCallback, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Incident, IncidentRole, IncidentRoles } from '../../../src-main/contract';
import { useIncidents } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { useRequest } from '../../hooks/useRequest';
import { roleDuties, roleLabels, roleOrder } from '../../roleText';
import { PasteGuardWarning } from '../common/PasteGuardWarning';
import './RolesBar.css';

/** What the palette's "Set a role" asks for: that role's editor opens. */
export const roleRequestId = (incidentId: string, role: IncidentRole) => `role-${incidentId}-${role}`;

/** Who holds what, one line under the controls: the commander, then the roles beside them. */
export function RolesBar({ incident, roles }: { incident: Incident; roles: IncidentRoles }) {
  const [editing, setEditing] = useState<IncidentRole | null>(null);
  const closed = incident.status === 'Closed';
  // Names already on the incident, offered while typing: at 3 a.m. nobody wants to spell a colleague's name twice.
  const known = [...new Set([incident.commander, ...Object.values(roles)].filter(Boolean))];
  return (
    <section className="roles-bar" aria-label="Roles">
      <span className="role" title="Leads the response and decides; hand over with Hand over…">
        <span className="role-name">Commander</span> <strong>{incident.commander || 'nobody'}</strong>
      </span>
      {roleOrder.map((role) => (
        <RoleSlot key={role} incidentId={incident.id} role={role} holder={roles[role]} closed={closed} editing={editing === role} onEdit={(open) => setEditing(open ? role : null)} />
      ))}
      <datalist id={`responders-${incident.id}`}>
        {known.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </section>
  );
}

interface SlotProps {
  incidentId: string;
  role: IncidentRole;
  holder: string;
  closed: boolean;
  editing: boolean;
  onEdit(open: boolean): void;
}

function RoleSlot({ incidentId, role, holder, closed, editing, onEdit }: SlotProps) {
  const label = roleLabels[role];
  useRequest(roleRequestId(incidentId, role), useCallback(() => onEdit(true), [onEdit]));
  if (!editing) {
    return (
      <span className={`role ${holder ? '' : 'role-unheld'}`} title={`${label}: ${roleDuties[role]}`}>
        <span className="role-name">{label}</span> <strong>{holder || 'nobody'}</strong>
        {!closed && (
          <button type="button" className="link role-change" aria-label={holder ? `Change ${label} (now ${holder})` : `Assign ${label}`} onClick={() => onEdit(true)}>
            {holder ? 'change' : 'assign'}
          </button>
        )}
      </span>
    );
  }
  return <RoleEditor incidentId={incidentId} role={role} holder={holder} onClose={() => onEdit(false)} />;
}

function RoleEditor({ incidentId, role, holder, onClose }: { incidentId: string; role: IncidentRole; holder: string; onClose(): void }) {
  const setRole = useIncidents((state) => state.setRole);
  const label = roleLabels[role];
  const [name, setName, clearName] = useDraft(`role:${incidentId}:${role}`);
  const [reason, setReason, clearReason] = useDraft(`role:${incidentId}:${role}:reason`);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guard = usePasteGuard(`${label} name`, name, setName, () => void submit());

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (busy) return;
    if (name.trim() === holder) return setError(holder ? `${holder} is already ${label}.` : `Nobody is ${label}: type a name.`);
    setBusy(true);
    const checked = await guard.beforeSubmit(name.trim());
    if (checked === null) return setBusy(false);
    const result = await setRole(incidentId, role, checked, reason.trim());
    setBusy(false);
    if (!result.ok) return setError(`${label} not changed: ${result.error.message}`);
    clearName(name);
    clearReason(reason);
    onClose();
  }
  // Escape closes the small editor; what was typed stays for the next time it opens.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    onClose();
  };

  return (
    <form className="role-editor" aria-label={`Set ${label}`} onSubmit={(event) => void submit(event)} onKeyDown={onKeyDown}>
      <span className="role-name">{label}</span>
      <input autoFocus aria-label={`${label} name`} placeholder={holder ? `instead of ${holder}` : 'who?'} list={`responders-${incidentId}`} value={name} onChange={(e) => setName(e.target.value)} onPaste={guard.onPaste} aria-invalid={guard.warning !== null} />
      <input aria-label={`Why (optional)`} placeholder="why? (optional)" value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : name.trim() ? `Make ${name.trim()} ${label}` : `Leave ${label} unheld`}</button>
      <button type="button" onClick={onClose}>Cancel</button>
      <PasteGuardWarning guard={guard} />
      {error && <span className="field-error" role="alert">{error}</span>}
    </form>
  );
}
