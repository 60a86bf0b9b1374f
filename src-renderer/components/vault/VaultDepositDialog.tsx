import { useState, type FormEvent } from 'react';
import { useUi, useVault } from '../../hooks/stores';
import type { UserVaultKind } from '../../stores/vaultStore';
import { Modal } from '../common/Modal';

/** The paste guard's "Put the value in the vault instead": name the value the field no longer holds, and it goes to the vault. */
export function VaultDepositDialog() {
  const waiting = useVault((state) => state.deposits[0]);
  const count = useVault((state) => state.deposits.length);
  const settle = useVault((state) => state.settleDeposit);
  const navigate = useUi((state) => state.navigate);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<UserVaultKind>('leaked-secret');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (waiting === undefined) return null;
  const preview = `${waiting.slice(0, Math.min(4, Math.floor(waiting.length / 3)))}…`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await settle(name.trim(), kind);
    setBusy(false);
    if (result && !result.ok) return setProblem(result.error.message);
    setName('');
    setProblem(null);
  };
  const close = () => {
    void settle(null, kind);
    setProblem(null);
  };
  const locked = problem !== null && /vault is locked/.test(problem);
  return (
    <Modal title="Keep the value in the vault" onClose={close} wide>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <p>
          The value <code>{preview}</code> was taken out of the field{count > 1 ? ` (1 of ${count})` : ''}. Name it to keep it in the vault; the field keeps only its redacted form.
        </p>
        <div className="field-row">
          <label className="field">
            <span>Name in the vault</span>
            <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. leaked-github-token" spellCheck={false} />
          </label>
          <label className="field">
            <span>Kind</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as UserVaultKind)}>
              <option value="leaked-secret">Leaked secret</option>
              <option value="api-token">API token</option>
              <option value="password">Password</option>
              <option value="other">Other</option>
            </select>
          </label>
        </div>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
            {locked && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => navigate({ name: 'vault' })}>Open the vault</button>
              </>
            )}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={close}>Do not keep it</button>
          <button type="submit" className="primary" disabled={busy || !name.trim()}>{busy ? 'Storing…' : 'Keep in vault'}</button>
        </div>
      </form>
    </Modal>
  );
}
