import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import { useIncidents, useSharing, useUi } from '../../hooks/stores';
import { actionTitleFieldId } from '../actions/ActionsTab';
import { Modal } from '../common/Modal';
import './CommandPalette.css';
import { incidentActions, submenuItems, submenuTitles, type PaletteItem as Item, type PaletteMode } from './paletteIncidentItems';

/**
 * Ctrl/Cmd+K: jump to any incident, tab or action by typing part of its name. Changes that need a
 * choice (a severity, a status, a role) open a second list; Backspace in an empty field goes back.
 */
export function CommandPalette() {
  const incidents = useIncidents((state) => state.incidents);
  const acknowledge = useIncidents((state) => state.acknowledge);
  const advancePhase = useIncidents((state) => state.advancePhase);
  const route = useUi((state) => state.route);
  const navigate = useUi((state) => state.navigate);
  const setPaletteOpen = useUi((state) => state.setPaletteOpen);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const setHelpOpen = useUi((state) => state.setHelpOpen);
  const requestFocus = useUi((state) => state.requestFocus);
  const openSharing = useSharing((state) => state.open);
  const setChangeRequest = useUi((state) => state.setChangeRequest);
  const routeId = route.name === 'incident' ? route.id : null;
  const detail = useIncidents((state) => (routeId ? state.details[routeId] : undefined));
  const schemes = useIncidents((state) => state.schemes);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [mode, setMode] = useState<PaletteMode>('root');
  const close = () => setPaletteOpen(false);

  const items = useMemo((): Item[] => {
    const incident = routeId ? (detail?.incident ?? incidents.find((candidate) => candidate.id === routeId)) : undefined;
    const deps = {
      incident,
      incidentId: routeId ?? '',
      roles: detail?.roles,
      levels: schemes.find((scheme) => scheme.id === incident?.schemeId)?.levels ?? [],
      navigate,
      requestFocus,
      setChangeRequest,
    };
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = (list: Item[]) => list.filter((item) => words.every((word) => item.label.toLowerCase().includes(word)));
    if (mode !== 'root') return routeId ? matching(submenuItems(mode, deps)) : [];
    const actions: Item[] = [
      { id: 'new', label: 'Declare a new incident', hint: 'n', run: () => setDeclareOpen(true) },
      { id: 'dashboard', label: 'Go to the dashboard', hint: 'g', run: () => navigate({ name: 'dashboard' }) },
      { id: 'contacts', label: 'Open contacts', hint: '', run: () => navigate({ name: 'contacts' }) },
      { id: 'vault', label: 'Open the vault (credentials)', hint: '', run: () => navigate({ name: 'vault' }) },
      { id: 'hub', label: 'Open hub settings (team sync: join, sync now, leave)', hint: '', run: () => navigate({ name: 'hub' }) },
      { id: 'drills', label: 'Open tabletop drills (scenarios, start a drill, score history)', hint: 'Shift+D', run: () => navigate({ name: 'drills' }) },
      { id: 'import', label: 'Import a runbook (Markdown) as playbooks', hint: '', run: () => navigate({ name: 'import' }) },
      { id: 'bundle-import', label: 'Import bundle… (an incident from another laptop)', hint: '', run: () => openSharing({ kind: 'import', incidentId: route.name === 'incident' ? route.id : null }) },
      { id: 'help', label: 'Keyboard shortcuts', hint: '?', run: () => setHelpOpen(true) },
    ];
    // The incident's own changes and tabs first: on an incident page they are what the palette is for.
    if (routeId) actions.unshift(...incidentActions(deps));
    if (route.name === 'incident') {
      actions.push(
        { id: 'ack', label: `Acknowledge ${route.id}`, hint: '', run: () => void acknowledge(route.id) },
        { id: 'phase', label: `Advance ${route.id} to the next phase`, hint: '', run: () => void advancePhase(route.id) },
        { id: 'compose', label: `Compose message for ${route.id}`, hint: '', run: () => navigate({ ...route, tab: 'compose' }) },
        { id: 'report', label: `Open report of ${route.id}`, hint: '', run: () => navigate({ ...route, tab: 'report' }) },
        {
          id: 'action',
          label: `Add action item to ${route.id}`,
          hint: '',
          run: () => {
            requestFocus(actionTitleFieldId(route.id));
            navigate({ ...route, tab: 'actions' });
          },
        },
        { id: 'bundle-export', label: `Export bundle of ${route.id}…`, hint: '', run: () => openSharing({ kind: 'export', incidentId: route.id }) },
        { id: 'member', label: `Add responder to ${route.id}…`, hint: '', run: () => openSharing({ kind: 'member', incidentId: route.id }) },
      );
    }
    const jumps = incidents.map((incident) => ({ id: incident.id, label: `${incident.id} ${incident.title}`, hint: `${incident.severity} · ${incident.status}`, run: () => navigate({ name: 'incident', id: incident.id }) }));
    return matching([...actions, ...jumps]).slice(0, 40);
  }, [acknowledge, advancePhase, detail, incidents, mode, navigate, openSharing, query, requestFocus, route, routeId, schemes, setChangeRequest, setDeclareOpen, setHelpOpen]);

  // Arrow keys past the visible part of the list scroll it: the chosen line is always in sight.
  useEffect(() => {
    document.getElementById(`palette-${items[active]?.id}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, items]);

  const enter = (next: PaletteMode) => {
    setMode(next);
    setQuery('');
    setActive(0);
  };
  const run = (item: Item | undefined) => {
    if (!item) return;
    if (item.submenu) return enter(item.submenu);
    close();
    item.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((index) => Math.min(items.length - 1, index + 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (event.key === 'Enter') run(items[active]);
    else if (event.key === 'Backspace' && query === '' && mode !== 'root') enter('root');
    else return;
    event.preventDefault();
  };

  return (
    <Modal title="Command palette" onClose={close} closeFromFields>
      <div className="palette">
        {mode !== 'root' && (
          <p className="palette-step">
            <button type="button" className="link" onClick={() => enter('root')}>← All commands</button> <strong>{submenuTitles[mode]}</strong> for {routeId} <span className="muted small">(Backspace: back)</span>
          </p>
        )}
        <input
          autoFocus
          aria-label={mode === 'root' ? 'Command or incident' : submenuTitles[mode]}
          aria-controls="palette-matches"
          aria-activedescendant={items[active] ? `palette-${items[active]!.id}` : undefined}
          placeholder={mode === 'root' ? 'Type an incident, a tab or an action…' : `Type to filter, Enter to choose`}
          value={query}
          onChange={(e) => { setQuery(e.target.value); setActive(0); }}
          onKeyDown={onKeyDown}
        />
        <ul role="listbox" aria-label="Matches" id="palette-matches">
          {items.map((item, index) => (
            <li key={item.id} id={`palette-${item.id}`} role="option" aria-selected={index === active} className={index === active ? 'active' : ''} onMouseEnter={() => setActive(index)} onClick={() => run(item)}>
              <span>{item.label}</span>
              <span className="muted small">{item.hint}</span>
            </li>
          ))}
          {items.length === 0 && <li className="muted">Nothing matches.</li>}
        </ul>
      </div>
    </Modal>
  );
}
