import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { ActionStore, ActionStoreState } from '../stores/actionStore';
import type { AttackStore, AttackStoreState } from '../stores/attackStore';
import type { AssetStore, AssetStoreState } from '../stores/assetStore';
import type { ClockStore, ClockStoreState } from '../stores/clockStore';
import type { IndicatorStore, IndicatorStoreState } from '../stores/indicatorStore';
import type { ChecklistStore, ChecklistStoreState } from '../stores/checklistStore';
import type { CommsStore, CommsStoreState } from '../stores/commsStore';
import type { DrillStore, DrillStoreState } from '../stores/drillStore';
import type { ContactsStore, ContactsStoreState } from '../stores/contactsStore';
import type { EvidenceStore, EvidenceStoreState } from '../stores/evidenceStore';
import type { HubStore, HubStoreState } from '../stores/hubStore';
import type { ImportStore, ImportStoreState } from '../stores/importStore';
import type { LogStore, LogStoreState } from '../stores/logStore';
import type { LiveResponseStore, LiveResponseStoreState } from '../stores/liveResponseStore';
import type { IncidentStore, IncidentStoreState } from '../stores/incidentStore';
import type { InvestigationTimelineStore, InvestigationTimelineStoreState } from '../stores/investigationTimelineStore';
import type { RotationStore, RotationStoreState } from '../stores/rotationStore';
import type { PasteGuardStore, PasteGuardStoreState } from '../stores/pasteGuardStore';
import type { ReportStore, ReportStoreState } from '../stores/reportStore';
import type { ScanStore, ScanStoreState } from '../stores/scanStore';
import type { SharingStore, SharingStoreState } from '../stores/sharingStore';
import type { SupplyStore, SupplyStoreState } from '../stores/supplyStore';
import type { UiStore, UiStoreState } from '../stores/uiStore';
import type { VaultStore, VaultStoreState } from '../stores/vaultStore';

export interface Stores {
  incidents: IncidentStore;
  checklists: ChecklistStore;
  contacts: ContactsStore;
  evidence: EvidenceStore;
  liveResponse: LiveResponseStore;
  scans: ScanStore;
  logs: LogStore;
  supply: SupplyStore;
  rotation: RotationStore;
  comms: CommsStore;
  reports: ReportStore;
  actions: ActionStore;
  pasteGuard: PasteGuardStore;
  ui: UiStore;
  vault: VaultStore;
  runbookImport: ImportStore;
  sharing: SharingStore;
  hub: HubStore;
  drills: DrillStore;
  investigationTimeline: InvestigationTimelineStore;
  attack: AttackStore;
  indicators: IndicatorStore;
  assets: AssetStore;
  clocks: ClockStore;
}

export const StoresContext = createContext<Stores | null>(null);

function useStores(): Stores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('StoresContext is missing');
  return stores;
}

export function useIncidents<T>(selector: (state: IncidentStoreState) => T): T {
  return useStore(useStores().incidents, selector);
}

export function useUi<T>(selector: (state: UiStoreState) => T): T {
  return useStore(useStores().ui, selector);
}

export function useChecklists<T>(selector: (state: ChecklistStoreState) => T): T {
  return useStore(useStores().checklists, selector);
}

export function useContacts<T>(selector: (state: ContactsStoreState) => T): T {
  return useStore(useStores().contacts, selector);
}

export function useEvidence<T>(selector: (state: EvidenceStoreState) => T): T {
  return useStore(useStores().evidence, selector);
}

export function useLiveResponse<T>(selector: (state: LiveResponseStoreState) => T): T {
  return useStore(useStores().liveResponse, selector);
}

export function useScans<T>(selector: (state: ScanStoreState) => T): T {
  return useStore(useStores().scans, selector);
}

export function useLogs<T>(selector: (state: LogStoreState) => T): T {
  return useStore(useStores().logs, selector);
}

export function useSupply<T>(selector: (state: SupplyStoreState) => T): T {
  return useStore(useStores().supply, selector);
}

export function useVault<T>(selector: (state: VaultStoreState) => T): T {
  return useStore(useStores().vault, selector);
}

export function useRotation<T>(selector: (state: RotationStoreState) => T): T {
  return useStore(useStores().rotation, selector);
}

export function usePasteGuardStore<T>(selector: (state: PasteGuardStoreState) => T): T {
  return useStore(useStores().pasteGuard, selector);
}

export function useComms<T>(selector: (state: CommsStoreState) => T): T {
  return useStore(useStores().comms, selector);
}

export function useReports<T>(selector: (state: ReportStoreState) => T): T {
  return useStore(useStores().reports, selector);
}

export function useActions<T>(selector: (state: ActionStoreState) => T): T {
  return useStore(useStores().actions, selector);
}

export function useImport<T>(selector: (state: ImportStoreState) => T): T {
  return useStore(useStores().runbookImport, selector);
}

export function useSharing<T>(selector: (state: SharingStoreState) => T): T {
  return useStore(useStores().sharing, selector);
}

export function useDrills<T>(selector: (state: DrillStoreState) => T): T {
  return useStore(useStores().drills, selector);
}

export function useHub<T>(selector: (state: HubStoreState) => T): T {
  return useStore(useStores().hub, selector);
}

export function useInvestigationTimeline<T>(selector: (state: InvestigationTimelineStoreState) => T): T {
  return useStore(useStores().investigationTimeline, selector);
}

export function useAttack<T>(selector: (state: AttackStoreState) => T): T {
  return useStore(useStores().attack, selector);
}

export function useIndicators<T>(selector: (state: IndicatorStoreState) => T): T {
  return useStore(useStores().indicators, selector);
}

export function useAssets<T>(selector: (state: AssetStoreState) => T): T {
  return useStore(useStores().assets, selector);
}

export function useClocks<T>(selector: (state: ClockStoreState) => T): T {
  return useStore(useStores().clocks, selector);
}
