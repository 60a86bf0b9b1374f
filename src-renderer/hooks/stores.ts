import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { IncidentStore, IncidentStoreState } from '../stores/incidentStore';
import type { UiStore, UiStoreState } from '../stores/uiStore';

export interface Stores {
  incidents: IncidentStore;
  ui: UiStore;
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
