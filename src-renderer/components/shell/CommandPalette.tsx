import { useMemo, useState, type KeyboardEvent } from 'react';
import { useIncidents, useSharing, useUi } from '../../hooks/stores';
import { actionTitleFieldId } from '../actions/ActionsTab';
import { Modal } from '../common/Modal';

interface Item {
  id: string;
  label: string;
  hint: string;
  run(): void;
}

/** Ctrl/Cmd+K: jump to any incident or action by typing part of its name. */
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
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const close = () => setPaletteOpen(false);

  const items = useMemo((): Item[] => {
    const actions: Item[] = [
      { id: 'new', label: 'Declare a new incident', hint: 'n', run: () => setDeclareOpen(true) },
      { id: 'dashboard', label: 'Go to the dashboard', hint: 'g', run: () => navigate({ name: 'dashboard' }) },
      { id: 'contacts', label: 'Open contacts', hint: '', run: () => navigate({ name: 'contacts' }) },
      { id: 'vault', label: 'Open the vault (credentials)', hint: '', run: () => navigate({ name: 'vault' }) },
      { id: 'hub', label: 'Open hub settings (team sync: join, sync now, leave)', hint: '', run: () => navigate({ name: 'hub' }) },
      { id: 'import', label: 'Import a runbook (Markdown) as playbooks', hint: '', run: () => navigate({ name: 'import' }) },
      { id: 'bundle-import', label: 'Import bundle… (an incident from another laptop)', hint: '', run: () => openSharing({ kind: 'import', incidentId: route.name === 'incident' ? route.id : null }) },
      { id: 'help', label: 'Keyboard shortcuts', hint: '?', run: () => setHelpOpen(true) },
    ];
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
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return [...actions, ...jumps].filter((item) => words.every((word) => item.label.toLowerCase().includes(word))).slice(0, 16);
  }, [acknowledge, advancePhase, incidents, navigate, openSharing, query, requestFocus, route, setDeclareOpen, setHelpOpen]);

  const run = (item: Item | undefined) => {
    if (!item) return;
    close();
    item.run();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((index) => Math.min(items.length - 1, index + 1));
    else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
    else if (event.key === 'Enter') run(items[active]);
    else return;
    event.preventDefault();
  };

  return (
    <Modal title="Command palette" onClose={close} closeFromFields>
      <div className="palette">
        <input autoFocus aria-label="Command or incident" placeholder="Type an incident or an action…" value={query} onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={onKeyDown} />
        <ul role="listbox" aria-label="Matches">
          {items.map((item, index) => (
            <li key={item.id} role="option" aria-selected={index === active} className={index === active ? 'active' : ''} onMouseEnter={() => setActive(index)} onClick={() => run(item)}>
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
