import { useEffect, useState, type FormEvent } from 'react';
import type { HubStatus, VaultStatus } from '../../../src-main/contract';
import { indicatorOf, syncSummary } from '../../hubText';
import { useHub, useUi, useVault } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { Modal } from '../common/Modal';
import { HubFacts } from './SyncIndicator';
import './Hub.css';

/** Where the role's password goes, in the words the Vault page uses. */
function passwordHome(vault: VaultStatus | null): string {
  if (!vault) return "this laptop's vault";
  return vault.backend === 'keytar' ? "this laptop's vault (the OS keychain)" : "this laptop's vault (its encrypted file)";
}

/** Joining the team's PostgreSQL hub, its state, Sync now and Leave: next to the Vault, which keeps the password. */
export function HubPage() {
  const status = useHub((state) => state.status);
  const statusError = useHub((state) => state.statusError);
  const loadStatus = useHub((state) => state.loadStatus);
  const loadVault = useVault((state) => state.load);
  const clearError = useHub((state) => state.clearError);
  useEffect(() => {
    // A refusal from an earlier visit is old news.
    clearError();
    void loadStatus();
    void loadVault();
  }, [clearError, loadStatus, loadVault]);
  const joined = status !== null && status.state !== 'not-joined';
  return (
    <main className="hub-page">
      <div className="toolbar">
        <h1>Team hub</h1>
        <span className="muted">Share incidents with the team through its PostgreSQL hub. Work on this laptop never waits for it.</span>
      </div>
      {statusError && <LoadError what="the hub status" message={statusError} onRetry={loadStatus} stale={status !== null} />}
      {!status && !statusError && <Loading what="the hub status" onRetry={loadStatus} />}
      {status && (joined ? <JoinedHub status={status} /> : <JoinForm />)}
    </main>
  );
}

function JoinedHub({ status }: { status: HubStatus }) {
  const now = useNow();
  const busy = useHub((state) => state.busy);
  const error = useHub((state) => state.error);
  const lastSync = useHub((state) => state.lastSync);
  const syncNow = useHub((state) => state.syncNow);
  const [confirmLeave, setConfirmLeave] = useState(false);
  const view = indicatorOf(status, now);
  // The page has room to say it is connected, which the top bar's "12 to push" leaves implied.
  const heading = view.tone === 'ok' ? 'Connected: up to date' : view.tone === 'pending' ? `Connected: ${view.label}` : view.label;
  return (
    <section className="hub-panel" aria-label="Hub connection">
      <h2 className={`hub-state tone-${view.tone}`}>
        <span className="sync-dot" aria-hidden /> {heading}
        {view.counts && <span className="sync-counts">{view.counts}</span>}
      </h2>
      {status.state === 'offline' && <p className="hub-offline-note">Work goes on here: every change is kept in the outbox and pushed when the hub answers again.</p>}
      {status.state === 'offline' && status.lastError && /vault is locked/i.test(status.lastError) && <VaultLink />}
      <HubFacts status={status} now={now} />
      <div className="hub-actions">
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void syncNow()}>{busy === 'sync' ? 'Syncing…' : 'Sync now'}</button>
        <button type="button" disabled={busy !== null} onClick={() => setConfirmLeave(true)}>Leave hub…</button>
      </div>
      {lastSync && busy !== 'sync' && <p className="hub-sync-result" role="status">{syncSummary(lastSync)}</p>}
      {error && !confirmLeave && <p className="form-error" role="alert">{error}</p>}
      {confirmLeave && <LeaveDialog url={status.url ?? 'the hub'} onClose={() => setConfirmLeave(false)} />}
    </section>
  );
}

/** The hub's password (and the device key) are in the vault: while it is locked, syncing waits for it. */
function VaultLink() {
  const navigate = useUi((state) => state.navigate);
  return (
    <p>
      Syncing waits for the vault, which keeps the hub password. <button type="button" className="link" onClick={() => navigate({ name: 'vault' })}>Unlock it on the Vault page</button>.
    </p>
  );
}

function LeaveDialog({ url, onClose }: { url: string; onClose(): void }) {
  const leave = useHub((state) => state.leave);
  const busy = useHub((state) => state.busy);
  const error = useHub((state) => state.error);
  return (
    <Modal title="Leave the hub?" onClose={onClose}>
      <div className="form">
        <p>
          This laptop stops syncing with <span className="mono">{url}</span> and forgets its address and the password in the vault.
        </p>
        <p>
          <strong>Every incident and event held here stays on this laptop.</strong> Changes not pushed yet stay too; they go to a hub if you join one again.
        </p>
        {error && <p className="form-error" role="alert">{error}</p>}
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button
            type="button"
            className="primary danger"
            disabled={busy !== null}
            onClick={() => void leave().then((result) => result.ok && onClose())}
          >
            {busy === 'leave' ? 'Leaving…' : 'Leave hub'}
          </button>
        </div>
      </div>
    </Modal>
  );
}

function JoinForm() {
  const join = useHub((state) => state.join);
  const busy = useHub((state) => state.busy);
  const error = useHub((state) => state.error);
  const canPick = useHub((state) => state.canPick);
  const pickFile = useHub((state) => state.pickFile);
  const vault = useVault((state) => state.status);
  const navigate = useUi((state) => state.navigate);
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [caFile, setCaFile] = useState('');
  const vaultLocked = vault?.backend === 'encrypted-file' && vault.locked;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await join({ url, password, caFile });
    if (result.ok) setPassword('');
  };
  return (
    <form className="hub-panel hub-join" aria-label="Join a hub" onSubmit={(event) => void submit(event)}>
      <h2 className="hub-state tone-quiet"><span className="sync-dot" aria-hidden /> Not joined</h2>
      <p className="muted">This laptop shares incidents with no hub yet. Whoever runs the hub gives you its URL and your role's password (<code>firebreak hub add-member</code>).</p>
      <label className="field">
        <span>Hub URL</span>
        <input value={url} onChange={(e) => setUrl(e.target.value)} placeholder="postgres://alice@hub.example.org:5432/firebreak" spellCheck={false} autoComplete="off" required />
        <small className="muted">The user name in the URL is your responder role on the hub.</small>
      </label>
      <label className="field">
        <span>Password</span>
        <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" spellCheck={false} />
        <small className="muted">Kept in {passwordHome(vault)}, never in settings, logs or the URL.</small>
      </label>
      <div className="field">
        <label htmlFor="hub-ca-file">CA certificate file (optional)</label>
        <div className="hub-file-row">
          <input id="hub-ca-file" value={caFile} onChange={(e) => setCaFile(e.target.value)} placeholder="/etc/ssl/certs/team-hub-ca.pem" spellCheck={false} autoComplete="off" />
          {canPick && <button type="button" onClick={() => void pickFile().then((file) => file && setCaFile(file))}>Choose…</button>}
        </div>
        <small className="muted">The PEM file of the CA that signed the hub's certificate: TLS is then required and checked. Without one, add <code>?sslmode=require</code> to the URL for TLS checked against this computer's certificates; otherwise the connection is not encrypted.</small>
      </div>
      {vaultLocked && (
        <p className="hub-offline-note">
          The vault is locked, and the password is kept there. <button type="button" className="link" onClick={() => navigate({ name: 'vault' })}>Unlock it on the Vault page</button> first.
        </p>
      )}
      {error && <p className="form-error" role="alert">{error}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy !== null || !url.trim()}>{busy === 'join' ? 'Joining… (checking the hub)' : 'Join hub'}</button>
      </div>
    </form>
  );
}
