import { useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Asset, AssetState } from '../../../../src-main/contract';
import { localTime } from '../../../format';
import { useAssets } from '../../../hooks/stores';
import { UserText } from '../../common/UserText';
import { assetKindNames, assetStateChoices, assetStateNames } from './assetWords';
import { parseTags } from '../indicators/indicatorWords';

interface Props {
  incidentId: string;
  asset: Asset;
  onShowOnTimeline(): void;
}

/** One asset: its state moved from a select (with an optional reason, asked in place), owner and tags edited in place. */
export function AssetRow({ incidentId, asset, onShowOnTimeline }: Props) {
  const [moving, setMoving] = useState<AssetState | null>(null);
  const [editing, setEditing] = useState(false);
  return (
    <>
      <tr className={`asset-row asset-${asset.state}`}>
        <td className="mono">{asset.id}</td>
        <td>{assetKindNames[asset.kind]}</td>
        <td className="asset-name"><UserText text={asset.name} /></td>
        <td>
          <select className={`asset-state asset-state-${asset.state}`} value={moving ?? asset.state} onChange={(event) => setMoving(event.target.value === asset.state ? null : (event.target.value as AssetState))} aria-label={`State of ${asset.name}`}>
            {assetStateChoices.map((choice) => <option key={choice} value={choice}>{assetStateNames[choice]}</option>)}
          </select>
          <div className="muted small" title={`Changed by ${asset.stateBy}`}>since {localTime(asset.stateAt)}</div>
        </td>
        <td>{asset.owner ? <UserText text={asset.owner} /> : <span className="muted">—</span>}</td>
        <td>
          {asset.tags.length ? <span className="ioc-chips">{asset.tags.map((tag) => <UserText key={tag} className="ioc-chip" text={tag} />)}</span> : <span className="muted">—</span>}
        </td>
        <td className="ioc-actions">
          <button type="button" className="link" onClick={onShowOnTimeline} aria-label={`Show ${asset.name} on the timeline`}>Timeline</button>
          {!editing && <button type="button" className="link" onClick={() => setEditing(true)} aria-label={`Edit ${asset.name}`}>Edit</button>}
        </td>
      </tr>
      {moving && (
        <tr className="asset-confirm-row">
          <td colSpan={7}>
            <StateConfirm incidentId={incidentId} asset={asset} to={moving} onClose={() => setMoving(null)} />
          </td>
        </tr>
      )}
      {editing && (
        <tr className="asset-confirm-row">
          <td colSpan={7}>
            <AssetEditor incidentId={incidentId} asset={asset} onClose={() => setEditing(false)} />
          </td>
        </tr>
      )}
    </>
  );
}

const escapeCloses = (onClose: () => void) => (event: KeyboardEvent) => {
  if (event.key !== 'Escape') return;
  event.preventDefault();
  event.stopPropagation();
  onClose();
};

/** "web-01: suspected → contained", an optional reason, Enter moves it, Esc leaves it as it was. */
function StateConfirm({ incidentId, asset, to, onClose }: { incidentId: string; asset: Asset; to: AssetState; onClose(): void }) {
  const setState = useAssets((state) => state.setState);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    const result = await setState(incidentId, asset.id, to, reason.trim());
    setBusy(false);
    if (result.ok) onClose();
    else setError(`Not moved: ${result.error.message}`);
  };
  return (
    <form className="asset-confirm" aria-label={`Move ${asset.name} to ${assetStateNames[to]}`} onSubmit={(event) => void submit(event)} onKeyDown={escapeCloses(onClose)}>
      <span>
        <UserText text={asset.name} />: {assetStateNames[asset.state]} → <strong>{assetStateNames[to]}</strong>
      </span>
      <input value={reason} onChange={(event) => setReason(event.target.value)} aria-label="Reason (optional)" placeholder="Reason (optional), e.g. reimaged from the golden image" maxLength={1_000} autoFocus />
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Moving…' : 'Move'}</button>
      <button type="button" onClick={onClose}>Cancel</button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}

function AssetEditor({ incidentId, asset, onClose }: { incidentId: string; asset: Asset; onClose(): void }) {
  const update = useAssets((state) => state.update);
  const [owner, setOwner] = useState(asset.owner);
  const [tags, setTags] = useState(asset.tags.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const nextTags = parseTags(tags);
    const change = { ...(owner.trim() !== asset.owner ? { owner: owner.trim() } : {}), ...(nextTags.join('\n') !== asset.tags.join('\n') ? { tags: nextTags } : {}) };
    if (Object.keys(change).length === 0) return onClose();
    setBusy(true);
    const result = await update(incidentId, asset.id, change);
    setBusy(false);
    if (result.ok) onClose();
    else setError(`Not saved: ${result.error.message}`);
  };
  return (
    <form className="asset-confirm" aria-label={`Edit ${asset.name}`} onSubmit={(event) => void submit(event)} onKeyDown={escapeCloses(onClose)}>
      <label className="inline-field">Owner <input value={owner} onChange={(event) => setOwner(event.target.value)} maxLength={120} autoFocus /></label>
      <label className="inline-field">Tags <input value={tags} onChange={(event) => setTags(event.target.value)} /></label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      <button type="button" onClick={onClose}>Cancel</button>
      {error && <p className="field-error" role="alert">{error}</p>}
    </form>
  );
}
