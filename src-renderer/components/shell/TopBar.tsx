import type { RefObject } from 'react';
import { useIncidents, useUi } from '../../hooks/stores';
import { SyncIndicator } from '../hub/SyncIndicator';
import { ThemeSwitch } from './ThemeSwitch';

export function TopBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const search = useUi((state) => state.search);
  const setSearch = useUi((state) => state.setSearch);
  const navigate = useUi((state) => state.navigate);
  const setDeclareOpen = useUi((state) => state.setDeclareOpen);
  const setHelpOpen = useUi((state) => state.setHelpOpen);
  const setPaletteOpen = useUi((state) => state.setPaletteOpen);
  const info = useIncidents((state) => state.info);
  return (
    <header className="topbar">
      <button type="button" className="brand" onClick={() => navigate({ name: 'dashboard' })}>
        <span className="brand-mark" aria-hidden>▲</span> Firebreak
      </button>
      <input
        ref={searchRef}
        className="search"
        type="search"
        aria-label="Search incidents"
        placeholder="Search incidents  /"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          navigate({ name: 'dashboard' });
        }}
      />
      <nav className="topbar-nav">
        <button type="button" className="link" onClick={() => navigate({ name: 'contacts' })}>Contacts</button>
        <button type="button" className="link" onClick={() => navigate({ name: 'vault' })}>Vault</button>
        <button type="button" className="link" onClick={() => navigate({ name: 'hub' })}>Hub</button>
        <button type="button" className="link" onClick={() => navigate({ name: 'drills' })} title="Tabletop drills (Shift+D)">Drills</button>
        <button type="button" className="link" onClick={() => setPaletteOpen(true)}>Commands <span className="shortcut-hint"><kbd>Ctrl</kbd>+<kbd>K</kbd></span></button>
      </nav>
      <div className="topbar-right">
        <SyncIndicator />
        {info && <span className="muted small" title={`Data: ${info.dataDir}`}>{info.actor}</span>}
        <ThemeSwitch />
        <button type="button" className="icon-button" onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts">?</button>
        <button type="button" className="primary danger" onClick={() => setDeclareOpen(true)}>
          New incident <kbd>n</kbd>
        </button>
      </div>
    </header>
  );
}
