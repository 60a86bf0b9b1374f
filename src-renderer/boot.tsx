import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import type { PushedEvent } from '../src-main/contract';
import type { Api } from './api/api';
import { App } from './components/shell/App';
import { StoresContext } from './hooks/stores';
import { createActionStore } from './stores/actionStore';
import { createAttackStore } from './stores/attackStore';
import { createAssetStore } from './stores/assetStore';
import { createClockStore } from './stores/clockStore';
import { createIndicatorStore } from './stores/indicatorStore';
import { createChecklistStore } from './stores/checklistStore';
import { createCommsStore } from './stores/commsStore';
import { createContactsStore } from './stores/contactsStore';
import { createDrillStore } from './stores/drillStore';
import { createVaultStore } from './stores/vaultStore';
import { createEvidenceStore } from './stores/evidenceStore';
import { createLiveResponseStore } from './stores/liveResponseStore';
import { createHubStore, pollHubStatus } from './stores/hubStore';
import { createImportStore } from './stores/importStore';
import { createIncidentStore } from './stores/incidentStore';
import { createInvestigationTimelineStore } from './stores/investigationTimelineStore';
import { createLogStore } from './stores/logStore';
import { createRotationStore } from './stores/rotationStore';
import { createPasteGuardStore } from './stores/pasteGuardStore';
import { createReportStore } from './stores/reportStore';
import { createScanStore } from './stores/scanStore';
import { createSharingStore } from './stores/sharingStore';
import { createSupplyStore } from './stores/supplyStore';
import { createUiStore, hashFromRoute, routeFromHash } from './stores/uiStore';
import { syncDrafts } from './stores/draftSync';
import './styles.css';
import { startTheme } from './theme';

/** Once React's first render is on screen, the root no longer holds the server's first screen (the start-up bench waits on this). */
function FirstScreenTaken() {
  useEffect(() => document.getElementById('root')?.removeAttribute('data-first-screen'), []);
  return null;
}

/** The longest a first screen drawn by the server stays up waiting for the list to replace it with. */
const firstScreenWaitMs = 10_000;

/**
 * Builds the stores and draws the console; `api` may already have the dashboard's list on its way
 * (main.tsx). Over a first screen drawn by the server, React's first render waits for the list (or
 * its error), so the static rows are replaced by equal live ones at once, never by "Loading…".
 */
export function boot(api: Api, { firstScreen = false } = {}): void {
  performance.mark('firebreak:console-script');
  startTheme();
  const root = createRoot(document.getElementById('root')!);
  const incidents = createIncidentStore(api);
  // Ask for the dashboard's data before React's first render, not after it.
  const listed = incidents.getState().loadList();
  void incidents.getState().loadMeta();
  const checklists = createChecklistStore(api);
  const contacts = createContactsStore(api);
  const evidence = createEvidenceStore(api);
  // A finished live response is a new archive: the incident's list reloads, its card says how it went.
  const liveResponse = createLiveResponseStore(api, (incidentId) => evidence.getState().load(incidentId));
  const scans = createScanStore(api);
  const logs = createLogStore(api);
  const supply = createSupplyStore(api);
  const vault = createVaultStore(api);
  const rotation = createRotationStore(api);
  const comms = createCommsStore(api);
  const reports = createReportStore(api);
  const actions = createActionStore(api);
  const pasteGuard = createPasteGuardStore(api);
  const runbookImport = createImportStore(api);
  const hub = createHubStore(api);
  const drills = createDrillStore(api);
  const investigationTimeline = createInvestigationTimelineStore(api);
  const attack = createAttackStore(api);
  const indicators = createIndicatorStore(api);
  const assets = createAssetStore(api);
  const clocks = createClockStore(api);
  // The sync indicator on every screen: pushed changes arrive as hub.status events, the poll catches any missed.
  pollHubStatus(hub);
  // The paste guard's "Put the value in the vault instead" hands the value to the vault's naming dialog.
  pasteGuard.getState().setPutInVault((value) => vault.getState().deposit(value));
  const ui = createUiStore(routeFromHash(window.location.hash));
  // The URL mirrors the route so reload and back/forward keep the responder's place.
  ui.subscribe((state, previous) => {
    if (state.route !== previous.route && window.location.hash !== hashFromRoute(state.route)) window.location.hash = hashFromRoute(state.route);
  });
  window.addEventListener('hashchange', () => ui.getState().navigate(routeFromHash(window.location.hash)));
  // Unsent notes, hand-overs and step notes come back after a reload: read when their incident opens.
  const drafts = syncDrafts(ui, api);
  const loadDrafts = () => {
    const { route } = ui.getState();
    if (route.name === 'incident') void drafts.load(route.id);
  };
  loadDrafts();
  ui.subscribe((state, previous) => {
    if (state.route !== previous.route) loadDrafts();
  });
  window.addEventListener('pagehide', () => void drafts.flush());
  const handleEvent = (event: PushedEvent) => {
    incidents.getState().handleEvent(event);
    checklists.getState().handleEvent(event);
    evidence.getState().handleEvent(event);
    liveResponse.getState().handleEvent(event);
    scans.getState().handleEvent(event);
    logs.getState().handleEvent(event);
    supply.getState().handleEvent(event);
    rotation.getState().handleEvent(event);
    comms.getState().handleEvent(event);
    reports.getState().handleEvent(event);
    actions.getState().handleEvent(event);
    hub.getState().handleEvent(event);
    drills.getState().handleEvent(event);
    investigationTimeline.getState().handleEvent(event);
    indicators.getState().handleEvent(event);
    assets.getState().handleEvent(event);
    clocks.getState().handleEvent(event);
  };
  api.subscribe(handleEvent);
  // A merged bundle can change any part of an incident (ticks, notes, action items): everything shown reloads.
  const sharing = createSharingStore(api, async (incidentId) => {
    handleEvent({ type: 'data.changed' });
    await incidents.getState().loadDetail(incidentId);
  });
  const render = () => {
    performance.mark('firebreak:first-render');
    root.render(
      <StrictMode>
        <StoresContext.Provider value={{ incidents, checklists, contacts, evidence, liveResponse, scans, logs, supply, rotation, comms, reports, actions, pasteGuard, ui, vault, runbookImport, sharing, hub, drills, investigationTimeline, attack, indicators, assets, clocks }}>
          <App />
          <FirstScreenTaken />
        </StoresContext.Provider>
      </StrictMode>,
    );
  };
  if (!firstScreen) return render();
  void Promise.race([listed.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, firstScreenWaitMs))]).then(render);
}
