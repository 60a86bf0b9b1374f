import { Suspense, useEffect, useMemo, useRef } from 'react';
import { useSharing, useUi } from '../../hooks/stores';
import { useEscapeLeavesFields, useShortcuts } from '../../hooks/useShortcuts';
import { AlertBanner } from './AlertBanner';
import { VaultDepositDialog } from '../vault/VaultDepositDialog';
import { Dashboard } from '../dashboard/Dashboard';
import { DeclareDialog } from '../dashboard/DeclareDialog';
import { SharingDialogs } from '../incidents/SharingDialogs';
import { CommandPalette } from './CommandPalette';
import { ContactsPage, DrillsPage, HubPage, ImportPage, IncidentPage, prefetchScreens, ScreenBoundary, VaultPage } from './lazyScreens';
import { DrillAlerts } from '../drills/DrillAlerts';
import { ShortcutsHelp } from './ShortcutsHelp';
import { TopBar } from './TopBar';
import { WindowTitle } from './WindowTitle';

export function App() {
  const route = useUi((state) => state.route);
  const declareOpen = useUi((state) => state.declareOpen);
  const helpOpen = useUi((state) => state.helpOpen);
  const paletteOpen = useUi((state) => state.paletteOpen);
  const setPaletteOpen = useUi((state) => state.setPaletteOpen);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const setHelpOpen = useUi((state) => state.setHelpOpen);
  const navigate = useUi((state) => state.navigate);
  const sharingOpen = useSharing((state) => state.dialog !== null);
  const closeSharing = useSharing((state) => state.close);
  const searchRef = useRef<HTMLInputElement>(null);

  const shortcuts = useMemo(
    () => ({
      n: () => setDeclareOpen(true),
      '/': () => searchRef.current?.focus(),
      '?': () => setHelpOpen(true),
      g: () => navigate({ name: 'dashboard' }),
      // Shift+D: a plain d sits next to the checklist's x, s and e, and would leave the page by mistake.
      D: () => navigate({ name: 'drills' }),
      // Focus can leave a dialog (a button disabled while busy): Escape must still close it.
      // Never reached from inside a field: there Escape only leaves the field.
      Escape: () => {
        if (paletteOpen) setPaletteOpen(false);
        else if (declareOpen) setDeclareOpen(false);
        else if (helpOpen) setHelpOpen(false);
        else if (sharingOpen) closeSharing();
        else if (route.name !== 'dashboard') navigate({ name: 'dashboard' });
      },
    }),
    [closeSharing, declareOpen, helpOpen, navigate, paletteOpen, route.name, setDeclareOpen, setHelpOpen, setPaletteOpen, sharingOpen],
  );
  useShortcuts(shortcuts);
  useEscapeLeavesFields();

  useEffect(prefetchScreens, []);

  // Ctrl/Cmd+K opens the palette from anywhere, even while typing.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setPaletteOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPaletteOpen]);

  return (
    <div className="app">
      <WindowTitle />
      <TopBar searchRef={searchRef} />
      <AlertBanner />
      <DrillAlerts />
      <ScreenBoundary screen={route.name === 'incident' ? `incident ${route.id}` : route.name}>
        <Suspense fallback={<p className="loading muted screen-loading" role="status">Loading…</p>}>
          {route.name === 'incident' ? <IncidentPage id={route.id} tab={route.tab} /> : route.name === 'contacts' ? <ContactsPage /> : route.name === 'vault' ? <VaultPage /> : route.name === 'hub' ? <HubPage /> : route.name === 'import' ? <ImportPage /> : route.name === 'drills' ? <DrillsPage /> : <Dashboard />}
        </Suspense>
      </ScreenBoundary>
      {declareOpen && <DeclareDialog />}
      {helpOpen && <ShortcutsHelp onClose={() => setHelpOpen(false)} />}
      {paletteOpen && <CommandPalette />}
      <SharingDialogs />
      <VaultDepositDialog />
    </div>
  );
}
