import type { HubStatus } from '../../src-main/contract';
import { localTime } from '../format';
import { agoText, indicatorOf } from '../hubText';
import { useHub, useUi } from '../hooks/stores';
import { useNow } from '../hooks/useNow';
import './Hub.css';

/** The hub's details: the indicator's popover and the hub settings page show the same facts. */
export function HubFacts({ status, now }: { status: HubStatus; now: Date }) {
  return (
    <dl className="hub-facts">
      <dt>Hub</dt>
      <dd className="mono">{status.url}</dd>
      <dt>Role</dt>
      <dd>{status.role ?? 'unknown'}</dd>
      <dt>TLS</dt>
      <dd>{status.tls ? 'verified against the CA certificate' : 'not verified (no CA certificate given)'}</dd>
      <dt>Last contact</dt>
      <dd>{status.lastContactAt ? <time dateTime={status.lastContactAt} title={localTime(status.lastContactAt)}>{agoText(status.lastContactAt, now)} ({localTime(status.lastContactAt)})</time> : 'never'}</dd>
      <dt>Updates</dt>
      <dd>{status.live ? 'live: the hub wakes this laptop' : 'by polling every few seconds'}</dd>
      <dt>To push</dt>
      <dd>{status.toPush}</dd>
      <dt>Behind by</dt>
      <dd>{status.behind}</dd>
      {status.waiting > 0 && (
        <>
          <dt>Waiting</dt>
          <dd>{status.waiting} received before the events they follow</dd>
        </>
      )}
      {status.lastError && (
        <>
          <dt>Error</dt>
          <dd className="hub-error-text">{status.lastError}</dd>
        </>
      )}
    </dl>
  );
}

/** On every screen: whether this laptop's work reaches the team. Enter or a click opens the hub settings. */
export function SyncIndicator() {
  const status = useHub((state) => state.status);
  const statusError = useHub((state) => state.statusError);
  const navigate = useUi((state) => state.navigate);
  const now = useNow();
  const view = indicatorOf(status, now, statusError);
  const joined = status !== null && status.state !== 'not-joined';
  return (
    <div className="sync-indicator">
      <button
        type="button"
        className={`sync-button tone-${view.tone}`}
        aria-describedby="sync-details"
        aria-label={`Team hub: ${[view.label, view.reason, view.counts].filter(Boolean).join(' — ')}. Open hub settings`}
        onClick={() => navigate({ name: 'hub' })}
      >
        <span className="sync-dot" aria-hidden />
        <span className="sync-label">{view.label}</span>
        {view.reason && <span className="sync-reason">— {view.reason}</span>}
        {view.counts && <span className="sync-counts">{view.counts}</span>}
      </button>
      <div id="sync-details" role="tooltip" className="sync-popover">
        {joined ? (
          <HubFacts status={status} now={now} />
        ) : (
          <p>{statusError ? `Could not read the hub status: ${statusError}` : 'This laptop has joined no team hub: everything stays here, and bundles still carry incidents between laptops.'}</p>
        )}
        <p className="muted small">{joined ? 'Click for hub settings: sync now, or leave.' : 'Click to join a hub.'}</p>
      </div>
    </div>
  );
}
