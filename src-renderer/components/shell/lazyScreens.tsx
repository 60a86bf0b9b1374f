import { Component, lazy, type ComponentType, type ReactNode } from 'react';

/**
 * A screen loaded on first use. React remembers a failed load for good: `retry` starts afresh, so a
 * script that did not arrive once (the server was restarting) can still be loaded without a reload.
 */
function retryable<Props extends object>(load: () => Promise<ComponentType<Props>>) {
  const fresh = () => lazy(async () => ({ default: await load() }));
  let Loaded = fresh();
  const Screen = (props: Props) => <Loaded {...props} />;
  return { Screen, load, retry: () => (Loaded = fresh()) };
}

/**
 * Every screen but the dashboard, loaded on first use: the console's first script holds only what
 * the dashboard draws. Once the dashboard is up they are fetched in the background, so opening one
 * does not wait either.
 */
const screens = {
  incident: retryable(() => import('../incidents/IncidentPage').then((module) => module.IncidentPage)),
  contacts: retryable(() => import('../escalations/ContactsPage').then((module) => module.ContactsPage)),
  vault: retryable(() => import('../vault/VaultPage').then((module) => module.VaultPage)),
  hub: retryable(() => import('../hub/HubPage').then((module) => module.HubPage)),
  import: retryable(() => import('../runbooks/ImportPage').then((module) => module.ImportPage)),
  drills: retryable(() => import('../drills/DrillsPage').then((module) => module.DrillsPage)),
};
export const IncidentPage = screens.incident.Screen;
export const ContactsPage = screens.contacts.Screen;
export const VaultPage = screens.vault.Screen;
export const HubPage = screens.hub.Screen;
export const ImportPage = screens.import.Screen;
export const DrillsPage = screens.drills.Screen;

/** Fetches every screen's script while the browser is idle; a failure shows when that screen opens. */
export function prefetchScreens(): () => void {
  const idle = requestIdleCallback(() => Object.values(screens).forEach((screen) => void screen.load().catch(() => undefined)), { timeout: 3_000 });
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
          <span>If the console server stopped, start it again, then try again (or reload the page).</span>
        </span>
        <button
          type="button"
          onClick={() => {
            for (const screen of Object.values(screens)) screen.retry();
            this.setState({ failure: null });
          }}
        >
          Try again
        </button>
        <button type="button" onClick={() => window.location.reload()}>Reload</button>
      </div>
    );
  }
}
