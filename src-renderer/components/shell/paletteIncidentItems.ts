import type { Incident, IncidentRoles, IncidentStatus, SeverityLevel } from '../../../src-main/contract';
import type { ChangeRequest, ForwardStatus, IncidentTab, Route } from '../../stores/uiStore';
import { roleLabels, roleOrder } from '../../roleText';
import { responseWindow } from '../../format';
import { noteFieldId } from '../incidents/NoteComposer';
import { handOverRequestId } from '../incidents/IncidentControls';
import { roleRequestId } from '../incidents/RolesBar';
import { forwardVerbs } from '../incidents/StatusDialogs';

export interface PaletteItem {
  id: string;
  label: string;
  hint: string;
  /** A second list to choose from (severity levels, statuses, roles): the palette stays open on it. */
  submenu?: PaletteMode;
  run(): void;
}

export type PaletteMode = 'root' | 'severity' | 'status' | 'role';

export interface PaletteDeps {
  incident: Incident | undefined;
  incidentId: string;
  roles: IncidentRoles | undefined;
  levels: readonly SeverityLevel[];
  navigate(route: Route): void;
  requestFocus(id: string): void;
  setChangeRequest(request: ChangeRequest): void;
}

// The contract's order; the renderer may import its types only.
const forwardStatuses: ForwardStatus[] = ['Contained', 'Resolved', 'Closed'];
const statusOrder: IncidentStatus[] = ['Active', ...forwardStatuses];

/** The places of an incident the palette jumps to; the timeline and the checklist share the Response tab. */
const places: { id: string; label: string; tab: IncidentTab; focus?: (incidentId: string) => string }[] = [
  { id: 'checklist', label: 'Checklist', tab: 'response' },
  { id: 'timeline', label: 'Timeline (notes)', tab: 'response', focus: noteFieldId },
  { id: 'evidence', label: 'Evidence', tab: 'evidence' },
  { id: 'scans', label: 'Scans', tab: 'scans' },
  { id: 'logs', label: 'Logs (scan logs for attacks)', tab: 'logs' },
  { id: 'supply', label: 'Supply chain (dependency audit, lockfile drift, integrity)', tab: 'supply' },
  { id: 'rotation', label: 'Rotation (secrets to rotate)', tab: 'rotation' },
  { id: 'compose', label: 'Comms (compose a message)', tab: 'compose' },
  { id: 'report', label: 'Report', tab: 'report' },
  { id: 'actions', label: 'Action items', tab: 'actions' },
];

/** The current incident's changes: each opens the field or dialog that asks for what it needs. */
export function incidentActions(deps: PaletteDeps): PaletteItem[] {
  const { incidentId: id, incident, navigate, requestFocus } = deps;
  const open = incident?.status !== 'Closed';
  // A closed incident can still be reopened (with a reason), as from its controls.
  const items: PaletteItem[] = [{ id: 'status', label: open ? `Change status of ${id}…` : `Reopen ${id} (move status back)…`, hint: incident?.status ?? '', submenu: 'status', run: () => undefined }];
  if (open) {
    items.push(
      { id: 'severity', label: `Change severity of ${id}…`, hint: incident?.severity ?? '', submenu: 'severity', run: () => undefined },
      {
        id: 'note',
        label: `Add a note to ${id}`,
        hint: '',
        run: () => {
          navigate({ name: 'incident', id });
          requestFocus(noteFieldId(id));
        },
      },
      { id: 'handover', label: `Hand over ${id} (new commander)…`, hint: incident?.commander ?? '', run: () => requestFocus(handOverRequestId(id)) },
      { id: 'role', label: `Set a role on ${id} (scribe, communications, operations)…`, hint: '', submenu: 'role', run: () => undefined },
    );
  }
  for (const place of places) {
    items.push({
      id: `tab-${place.id}`,
      label: `Go to ${place.label} of ${id}`,
      hint: 'tab',
      run: () => {
        navigate(place.tab === 'response' ? { name: 'incident', id } : { name: 'incident', id, tab: place.tab });
        if (place.focus) requestFocus(place.focus(id));
      },
    });
  }
  return items;
}

/** The second list of a submenu. */
export function submenuItems(mode: Exclude<PaletteMode, 'root'>, deps: PaletteDeps): PaletteItem[] {
  const { incidentId: id, incident } = deps;
  if (mode === 'severity') {
    return deps.levels.map((level) => ({
      id: `severity-${level.id}`,
      label: `${level.id} ${level.label}`,
      hint: level.id === incident?.severity ? 'now' : `respond in ${responseWindow(level.responseMinutes)}`,
      run: () => deps.setChangeRequest({ incidentId: id, dialog: { kind: 'severity', to: level.id } }),
    })).filter((item) => item.hint !== 'now');
  }
  if (mode === 'status') {
    // Each opens the incident's own confirmation: what is still open going forward, a reason going back.
    const from = statusOrder.indexOf(incident?.status ?? 'Active');
    const forward = forwardStatuses.filter((status) => statusOrder.indexOf(status) > from).map((status) => ({
      id: `status-${status}`,
      label: `${forwardVerbs[status]} (${status})`,
      hint: 'shows what is still open',
      run: () => deps.setChangeRequest({ incidentId: id, dialog: { kind: 'forward', to: status } }),
    }));
    const back = statusOrder.slice(0, from).reverse().map((status) => ({
      id: `status-back-${status}`,
      label: `Move back to ${status} (set by mistake)`,
      hint: 'asks a reason',
      run: () => deps.setChangeRequest({ incidentId: id, dialog: { kind: 'back', to: status } }),
    }));
    return [...forward, ...back];
  }
  return roleOrder.map((role) => ({
    id: `role-${role}`,
    label: roleLabels[role],
    hint: deps.roles?.[role] ? `now ${deps.roles[role]}` : 'nobody',
    // The roles bar is above every tab: no need to leave the one shown.
    run: () => deps.requestFocus(roleRequestId(id, role)),
  }));
}

export const submenuTitles: Record<Exclude<PaletteMode, 'root'>, string> = {
  severity: 'New severity',
  status: 'New status',
  role: 'Which role',
};
