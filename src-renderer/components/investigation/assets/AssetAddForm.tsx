import { useState, type FormEvent } from 'react';
import type { AssetKind, AssetState } from '../../../../src-main/contract';
import { useAssets } from '../../../hooks/stores';
import { useDraft } from '../../../hooks/useDraft';
import { parseTags } from '../indicators/indicatorWords';
import { assetKindChoices, assetKindNames, assetStateChoices, assetStateNames } from './assetWords';

/** An affected system, service, account, repository or data store, with its state and owner. */
export function AssetAddForm({ incidentId }: { incidentId: string }) {
  const add = useAssets((state) => state.add);
  const [name, setName, clearName] = useDraft(`asset:${incidentId}:name`);
  const [owner, setOwner, clearOwner] = useDraft(`asset:${incidentId}:owner`);
  const [tagText, setTagText, clearTags] = useDraft(`asset:${incidentId}:tags`);
  const [kind, setKind] = useState<AssetKind>('host');
  const [state, setState] = useState<AssetState>('suspected');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    if (!name.trim()) return setMessage({ text: 'Not added: name the asset (a host name, a service, an account…).', failed: true });
    setBusy(true);
    const result = await add(incidentId, { kind, name: name.trim(), state, owner: owner.trim(), tags: parseTags(tagText) });
    setBusy(false);
    if (!result.ok) return setMessage({ text: `Not added: ${result.error.message}`, failed: true });
    setMessage({ text: `Added ${result.value.id}: ${assetKindNames[result.value.kind]} ${result.value.name} (${assetStateNames[result.value.state]}).`, failed: false });
    clearName(name);
    clearOwner(owner);
    clearTags(tagText);
  }

  return (
    <form className="asset-add" aria-label="Add an asset" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>Kind</span>
        <select value={kind} onChange={(event) => setKind(event.target.value as AssetKind)}>
          {assetKindChoices.map((choice) => <option key={choice} value={choice}>{assetKindNames[choice]}</option>)}
        </select>
      </label>
      <label className="field asset-add-name">
        <span>Name</span>
        <input value={name} onChange={(event) => setName(event.target.value)} placeholder="web-01, payments-api, svc-deploy…" maxLength={300} autoComplete="off" />
      </label>
      <label className="field">
        <span>State</span>
        <select value={state} onChange={(event) => setState(event.target.value as AssetState)}>
          {assetStateChoices.map((choice) => <option key={choice} value={choice}>{assetStateNames[choice]}</option>)}
        </select>
      </label>
      <label className="field">
        <span>Owner</span>
        <input value={owner} onChange={(event) => setOwner(event.target.value)} placeholder="team or person" maxLength={120} autoComplete="off" />
      </label>
      <label className="field">
        <span>Tags</span>
        <input value={tagText} onChange={(event) => setTagText(event.target.value)} placeholder="dmz, pci" autoComplete="off" />
      </label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add asset'}</button>
      {message && <p className={`status-line asset-add-notes ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
    </form>
  );
}
