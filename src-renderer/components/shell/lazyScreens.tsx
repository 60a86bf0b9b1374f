import { Component, lazy, type ReactNode } from 'react';

/**
 * Every screen but the dashboard, loaded on first use: the console's first script holds only what
 * the dashboard draws. Once the dashboard is up they are fetched in the background, so opening one
 * does not wait either.
 */
const loaders = {
  incident: () => import('../incidents/IncidentPage'),
  contacts: () => import('../escalations/ContactsPage'),
  vault: () => import('../vault/VaultPage'),
  hub: () => import('../hub/HubPage'),
  import: () => import('../runbooks/ImportPage'),
};

export const IncidentPage = lazy(() => loaders.incident().then((module) => ({ default: module.IncidentPage })));
export const ContactsPage = lazy(() => loaders.contacts().then((module) => ({ default: module.ContactsPage })));
export const VaultPage = lazy(() => loaders.vault().then((module) => ({ default: module.VaultPage })));
export const HubPage = lazy(() => loaders.hub().then((module) => ({ default: module.HubPage })));
export const ImportPage = lazy(() => loaders.import().then((module) => ({ default: module.ImportPage })));

/** Fetches every screen's script while the browser is idle; a failure shows when that screen opens. */
export function prefetchScreens(): () => void {
  const idle = requestIdleCallback(() => Object.values(loaders).forEach((load) => void load().catch(() => undefined)), { timeout: 3_000 });
  return () => cancelIdleCallback(idle);
}

interface BoundaryProps {
  children: ReactNode;
  /** Moving to another screen clears the failure. */
  screen: string;
}

interface BoundaryState {
  screen: string;
  failure: string | null;
}

/** A screen that fails (its script could not be fetched: the console server stopped) says so instead of leaving a blank page. */
export class ScreenBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { screen: this.props.screen, failure: null };

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState): Partial<BoundaryState> | null {
    return props.screen === state.screen ? null : { screen: props.screen, failure: null };
  }

  static getDerivedStateFromError(error: unknown): Partial<BoundaryState> {
    return { failure: error instanceof Error ? error.message : String(error) };
  }

  override render(): ReactNode {
    if (this.state.failure === null) return this.props.children;
    return (
      <div className="load-error" role="alert">
        <span className="load-error-text">
          <strong>This screen could not be shown.</strong>
          <span>{this.state.failure}</span>
          <span>If the console server stopped, start it again; reloading the page tries again.</span>
        </span>
        <button type="button" onClick={() => window.location.reload()}>Reload</button>
      </div>
    );
  }
}
