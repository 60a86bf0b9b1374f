import { useState } from 'react';
import type { HubStatus } from '../../../src-main/contract';
import { localTime } from '../../format';
import { agoText, indicatorOf } from '../../hubText';
import { useHub, useUi } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import './Hub.css';

const tlsWords = {
  ca: 'on, checked against the CA certificate given at join',
  system: "on, checked against this computer's certificates (sslmode in the URL)",
  none: 'off: the connection is not encrypted',
} as const;

/** TLS as the connection uses it: a CA file, `sslmode=require` (system CAs), or none (never TLS unchecked). */
function tlsOf(status: HubStatus): keyof typeof tlsWords {
  if (status.tls) return 'ca';
  return status.url && /[?&]sslmode=(require|verify-ca|verify-full)\b/.test(status.url) ? 'system' : 'none';
}

/** The hub's details: the indicator's popover and the hub settings page show the same facts. */
export function HubFacts({ status, now }: { status: HubStatus; now: Date }) {
  return (
    <dl className="hub-facts">
      <dt>Hub</dt>
      <dd className="mono">{status.url}</dd>
      <dt>Role</dt>
      <dd>{status.role ?? 'unknown'}</dd>
      <dt>TLS</dt>
      <dd className={tlsOf(status) === 'none' ? 'hub-error-text' : undefined}>{tlsWords[tlsOf(status)]}</dd>
      <dt>Last contact</dt>
      <dd>{status.lastContactAt ? <time dateTime={status.lastContactAt} title={localTime(status.lastContactAt)}>{agoText(status.lastContactAt, now)} ({localTime(status.lastContactAt)})</time> : 'never'}</dd>
      {status.offlineSince && (
        <>
          <dt>Offline since</dt>
          <dd>
            <time dateTime={status.offlineSince}>{localTime(status.offlineSince)}</time> ({agoText(status.offlineSince, now)})
          </dd>
        </>
      )}
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
  // Once it has taken the responder to the hub page, the details close until the pointer or focus comes back.
  const [shut, setShut] = useState(false);
  return (
    <div className={`sync-indicator${shut ? ' shut' : ''}`} onMouseLeave={() => setShut(false)} onBlur={() => setShut(false)}>
      <button
        type="button"
        className={`sync-button tone-${view.tone}`}
        aria-describedby="sync-details"
        aria-label={`Team hub: ${[view.label, view.reason, view.counts].filter(Boolean).join(' — ')}. Open hub settings`}
        onClick={() => {
          setShut(true);
          navigate({ name: 'hub' });
        }}
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
