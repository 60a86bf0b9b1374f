import { createStore } from 'zustand/vanilla';

export type Route = { name: 'dashboard' } | { name: 'incident'; id: string };

export interface UiStoreState {
  route: Route;
  declareOpen: boolean;
  helpOpen: boolean;
  search: string;
  navigate(route: Route): void;
  setDeclareOpen(open: boolean): void;
  setHelpOpen(open: boolean): void;
  setSearch(search: string): void;
}

export type UiStore = ReturnType<typeof createUiStore>;

export function routeFromHash(hash: string): Route {
  const match = /^#\/incident\/([A-Za-z0-9-]+)$/.exec(hash);
  return match ? { name: 'incident', id: match[1]! } : { name: 'dashboard' };
}

export function hashFromRoute(route: Route): string {
  return route.name === 'incident' ? `#/incident/${route.id}` : '#/';
}

export function createUiStore(initial: Route) {
  return createStore<UiStoreState>()((set) => ({
    route: initial,
    declareOpen: false,
    helpOpen: false,
    search: '',
    navigate: (route) => set({ route }),
    setDeclareOpen: (declareOpen) => set({ declareOpen }),
    setHelpOpen: (helpOpen) => set({ helpOpen }),
    setSearch: (search) => set({ search }),
  }));
}
