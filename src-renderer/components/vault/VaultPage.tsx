import { useEffect, useState, type FormEvent } from 'react';
import type { VaultEntry, VaultStatus } from '../../../src-main/contract';
import { localTime, zoneName } from '../../format';
import { useVault } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import type { UserVaultKind } from '../../stores/vaultStore';
import { CopyValue } from '../common/CopyValue';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';

const kindLabels: Record<VaultEntry['kind'], string> = {
  'api-token': 'API token',
  password: 'Password',
  'leaked-secret': 'Leaked secret',
  other: 'Other',
  'signing-key': 'Evidence signing key',
  'device-key': 'Device key',
};
const userKinds: UserVaultKind[] = ['api-token', 'password', 'leaked-secret', 'other'];

function whereItIs(status: VaultStatus): string {
  return status.backend === 'keytar' ? `Kept in the OS keychain: ${status.description}.` : `Kept in an ${status.description}.`;
}

/** Credentials the console keeps: names, kinds and times are shown; values never are, and leave only by Copy. */
export function VaultPage() {
  const status = useVault((state) => state.status);
  const entries = useVault((state) => state.entries);
  const loaded = useVault((state) => state.loaded);
  const error = useVault((state) => state.error);
  const load = useVault((state) => state.load);
  useEffect(() => {
    void load();
  }, [load]);

  const needsPassphrase = status?.backend === 'encrypted-file' && status.locked;
  return (
    <main className="vault-page">
      <div className="toolbar">
        <h1>Vault</h1>
        <span className="muted">Tokens the console needs and secrets you must not paste anywhere. Values are never shown.</span>
      </div>
      {error && <LoadError what="the vault" message={error} onRetry={load} stale={entries.length > 0} />}
      {!loaded && <Loading what="the vault" onRetry={load} />}
      {status && (
        <section className="vault-status" aria-label="Where the vault is kept">
          <p>{whereItIs(status)}</p>
          {status.keychainUnavailable && <p className="muted small">Not the OS keychain because {status.keychainUnavailable}.</p>}
          {status.evidenceKeyFingerprint && (
            <p className="muted small">
              Evidence signing key <code>{status.evidenceKeyFingerprint.slice(0, 16)}…</code>
              {status.deviceKeyFingerprint && (
                <>
                  {' '}· device key <code>{status.deviceKeyFingerprint.slice(0, 16)}…</code>
                </>
              )}
            </p>
          )}
          <DeviceKey status={status} />
          {status.backend === 'encrypted-file' && !status.locked && status.exists && <LockButton />}
        </section>
      )}
      {needsPassphrase && <UnlockForm create={!status.exists} />}
      <CopyBanner />
      <EntryTable entries={entries} locked={Boolean(needsPassphrase)} />
      {!needsPassphrase && <EntryForm names={entries.map((entry) => entry.name)} />}
    </main>
  );
}

/** What another laptop's commander needs to let this one write to a shared incident. */
function DeviceKey({ status }: { status: VaultStatus }) {
  return (
    <div className="device-key" role="group" aria-label="This laptop's device key">
      <h2>This laptop's device key</h2>
      {status.deviceActorKey ? (
        <>
          <CopyValue value={status.deviceActorKey} label="device key" />
          <p className="muted small">Not a secret: give it to the incident commander, who adds it with Add responder… on the incident page. Your changes to a shared incident are signed with it.</p>
        </>
      ) : (
        <p className="muted small">Made when the vault is first opened: {status.locked ? 'unlock the vault to see it.' : 'reload this page.'}</p>
      )}
    </div>
  );
}

function LockButton() {
  const lock = useVault((state) => state.lock);
  return <button type="button" onClick={() => void lock()}>Lock the vault</button>;
}

function UnlockForm({ create }: { create: boolean }) {
  const unlock = useVault((state) => state.unlock);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (create && passphrase !== again) return setProblem('The two passphrases differ.');
    setBusy(true);
    const result = await unlock(passphrase, create);
    setBusy(false);
    setPassphrase('');
    setAgain('');
    setProblem(result.ok ? null : result.error.message);
  };
  return (
    <form className="vault-unlock" onSubmit={(event) => void submit(event)}>
      <h2>{create ? 'Create the vault' : 'Unlock the vault'}</h2>
      <p className="muted small">
        {create
          ? 'No OS keychain answers here, so the vault is a file encrypted with a passphrase. Choose one you will remember: without it the vault cannot be opened.'
          : 'The vault is locked. Collecting evidence and the vault itself need it open; the passphrase is kept for this session only.'}
      </p>
      <div className="field-row">
        <label className="field">
          <span>Passphrase</span>
          <input type="password" autoComplete={create ? 'new-password' : 'current-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} autoFocus />
        </label>
        {create && (
          <label className="field">
            <span>Again</span>
            <input type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
          </label>
        )}
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !passphrase}>{busy ? 'Opening…' : create ? 'Create vault' : 'Unlock'}</button>
      </div>
    </form>
  );
}

function CopyBanner() {
  const copy = useVault((state) => state.copy);
  const now = useNow().getTime();
  if (!copy) return null;
  const left = Math.max(0, Math.ceil((copy.clearAt - now) / 1000));
  return (
    <p className={`copy-banner${copy.cleared ? ' cleared' : ''}`} role="status">
      {copy.cleared ? `The clipboard was cleared: ${copy.name} is no longer on it.` : `${copy.name} is on the clipboard: it will be cleared in ${left} s.`}
    </p>
  );
}

function EntryTable({ entries, locked }: { entries: VaultEntry[]; locked: boolean }) {
  const copyValue = useVault((state) => state.copyValue);
  const remove = useVault((state) => state.remove);
  const [rowError, setRowError] = useState<{ name: string; message: string } | null>(null);
  const copyOne = async (name: string) => {
    const result = await copyValue(name);
    setRowError(result.ok ? null : { name, message: `Not copied: ${result.error.message}` });
  };
  const removeOne = async (name: string) => {
    if (!window.confirm(`Delete ${name} from the vault? Its value cannot be recovered.`)) return;
    const result = await remove(name);
    setRowError(result.ok ? null : { name, message: `Not deleted: ${result.error.message}` });
  };
  if (entries.length === 0) return <p className="muted">The vault is empty.</p>;
  return (
    <table className="incident-table vault-table">
      <thead>
        <tr><th>Name</th><th>Kind</th><th>Last changed ({zoneName()})</th><th /></tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const own = entry.kind === 'signing-key' || entry.kind === 'device-key';
          return (
            <tr key={entry.name}>
              <td><code>{entry.name}</code></td>
              <td>{kindLabels[entry.kind]}</td>
              <td>{localTime(entry.changedAt)}</td>
              <td className="actions">
                {rowError?.name === entry.name && <span className="field-error" role="alert">{rowError.message}</span>}
                {own ? (
                  <span className="muted small">kept by the console</span>
                ) : (
                  <>
                    <button type="button" disabled={locked} onClick={() => void copyOne(entry.name)} aria-label={`Copy ${entry.name}`}>Copy</button>
                    <button type="button" disabled={locked} onClick={() => void removeOne(entry.name)} aria-label={`Delete ${entry.name}`}>Delete</button>
                  </>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function EntryForm({ names }: { names: string[] }) {
  const save = useVault((state) => state.save);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UserVaultKind>('api-token');
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const replacing = names.includes(name.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (replacing && !window.confirm(`Replace the value of ${name.trim()}? The old one cannot be recovered.`)) return;
    setBusy(true);
    const result = await save(name.trim(), kind, value);
    setBusy(false);
    if (result.ok) {
      setValue('');
      setName('');
      setProblem(null);
      setSaved(`Stored ${result.value.name}.`);
    } else {
      setProblem(result.error.message);
      setSaved(null);
    }
  };
  return (
    <form className="contact-form vault-form" onSubmit={(event) => void submit(event)}>
      <h2>Add or replace a value</h2>
      <div className="field-row three">
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. github-deploy-token" spellCheck={false} />
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as UserVaultKind)}>
            {userKinds.map((option) => <option key={option} value={option}>{kindLabels[option]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Value (not shown)</span>
          <input type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} spellCheck={false} />
        </label>
      </div>
      {problem && <p className="form-error" role="alert">{problem}</p>}
      {saved && <p className="muted" role="status">{saved}</p>}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || !name.trim() || !value}>{busy ? 'Storing…' : replacing ? 'Replace value' : 'Add to vault'}</button>
      </div>
    </form>
  );
}
