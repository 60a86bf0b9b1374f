import type { Incident, IncidentRoles, IncidentStatus, SeverityLevel } from '../../../src-main/contract';
import type { ChangeRequest, IncidentTab, Route } from '../../stores/uiStore';
import { roleLabels, roleOrder } from '../../roleText';
import { responseWindow } from '../../format';
import { noteFieldId } from '../incidents/NoteComposer';
import { handOverRequestId } from '../incidents/IncidentControls';
import { roleRequestId } from '../incidents/RolesBar';

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

// Forward only, as the console moves it; the contract's order.
const statusOrder: IncidentStatus[] = ['Active', 'Contained', 'Resolved', 'Closed'];
const statusVerbs: Record<IncidentStatus, string> = { Active: 'Reactivate', Contained: 'Mark contained', Resolved: 'Mark resolved', Closed: 'Close' };

/** The places of an incident the palette jumps to; the timeline and the checklist share the Response tab. */
const places: { id: string; label: string; tab: IncidentTab; focus?: (incidentId: string) => string }[] = [
  { id: 'checklist', label: 'Checklist', tab: 'response' },
  { id: 'timeline', label: 'Timeline (notes)', tab: 'response', focus: noteFieldId },
  { id: 'evidence', label: 'Evidence', tab: 'evidence' },
  { id: 'scans', label: 'Scans', tab: 'scans' },
  { id: 'rotation', label: 'Rotation (secrets to rotate)', tab: 'rotation' },
  { id: 'compose', label: 'Comms (compose a message)', tab: 'compose' },
  { id: 'report', label: 'Report', tab: 'report' },
  { id: 'actions', label: 'Action items', tab: 'actions' },
];

/** The current incident's changes: each opens the field or dialog that asks for what it needs. */
export function incidentActions(deps: PaletteDeps): PaletteItem[] {
  const { incidentId: id, incident, navigate, requestFocus } = deps;
  const open = incident?.status !== 'Closed';
  const items: PaletteItem[] = [];
  if (open) {
    items.push(
      { id: 'status', label: `Change status of ${id}…`, hint: incident?.status ?? '', submenu: 'status', run: () => undefined },
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
      run: () => deps.setChangeRequest({ kind: 'severity', incidentId: id, to: level.id }),
    })).filter((item) => item.hint !== 'now');
  }
  if (mode === 'status') {
    const from = statusOrder.indexOf(incident?.status ?? 'Active');
    return statusOrder.slice(from + 1).map((status) => ({
      id: `status-${status}`,
      label: `${statusVerbs[status]} (${status})`,
      hint: '',
      run: () => deps.setChangeRequest({ kind: 'status', incidentId: id, to: status }),
    }));
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
