import { useEffect, useState, type FormEvent } from 'react';
import type { RotationGroup } from '../../../src-main/contract';
import { useIncidents, useRotation } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { LoadError } from '../common/LoadError';
import { Loading } from '../common/Loading';
import { RotationItemCard } from './RotationItemCard';
import './RotationTab.css';

// The renderer takes only types from the contract: its order and names are repeated here.
const rotationGroups: RotationGroup[] = ['external', 'application', 'service'];
const rotationGroupLabels: Record<RotationGroup, string> = {
  external: 'Priority 1: External API Keys',
  application: 'Priority 2: Application Secrets',
  service: 'Priority 3: Service Credentials',
};

const groupHints: Record<RotationGroup, string> = {
  external: 'e.g. OpenAI, AWS/GCP, GitHub, Stripe keys',
  application: 'e.g. JWT signing key, encryption key, private keys',
  service: 'e.g. database passwords, MinIO/S3, SMTP',
};

function AddForm({ incidentId }: { incidentId: string }) {
  const add = useRotation((state) => state.add);
  const actor = useIncidents((state) => state.info?.actor ?? '');
  // Drafts: switching tabs or a failed add never loses what was typed.
  const [name, setName, clearName] = useDraft(`rotation:${incidentId}:name`);
  const [location, setLocation, clearLocation] = useDraft(`rotation:${incidentId}:where`);
  const [owner, setOwner, clearOwner] = useDraft(`rotation:${incidentId}:owner`);
  const [group, setGroup, clearGroup] = useDraft(`rotation:${incidentId}:group`);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = [!name.trim() && 'name', !location.trim() && 'where it lives', !(owner.trim() || actor) && 'owner', !group && 'priority group'].filter(Boolean);
    if (missing.length) return setMessage({ text: `Not added: fill in ${missing.join(', ')}.`, failed: true });
    setBusy(true);
    const result = await add(incidentId, { name, location, owner: owner.trim() || actor, group: group as RotationGroup });
    setBusy(false);
    if (!result.ok) return setMessage({ text: `Not added: ${result.error.message}`, failed: true });
    const { item, created } = result.value;
    setMessage({ text: created ? `Added ${item.id}: ${item.name}.` : `Already tracked as ${item.id}: ${item.name}.`, failed: false });
    clearName(name);
    clearLocation(location);
    clearOwner(owner);
    clearGroup(group);
  };

  return (
    <form className="rotation-form" aria-label="Add a secret to rotate" onSubmit={(event) => void submit(event)}>
      <label className="field">
        <span>Secret name (never its value)</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="OPENAI_API_KEY" maxLength={200} autoComplete="off" spellCheck={false} />
      </label>
      <label className="field">
        <span>Where it lives</span>
        <input value={location} onChange={(e) => setLocation(e.target.value)} placeholder="OpenAI dashboard; .env on api-1" maxLength={500} autoComplete="off" />
      </label>
      <label className="field">
        <span>Owner</span>
        <input value={owner} onChange={(e) => setOwner(e.target.value)} placeholder={actor ? `${actor} (you)` : 'who rotates it'} maxLength={200} />
      </label>
      <label className="field">
        <span>Priority group</span>
        <select value={group} onChange={(e) => setGroup(e.target.value)}>
          <option value="">Choose…</option>
          {rotationGroups.map((candidate) => (
            <option key={candidate} value={candidate}>{rotationGroupLabels[candidate]}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add to rotation'}</button>
      {message && <p className={`status-line rotation-form-message ${message.failed ? 'field-error' : ''}`} role={message.failed ? 'alert' : 'status'}>{message.text}</p>}
    </form>
  );
}

/** The incident's Rotation tab: every leaked secret to rotate, in the runbooks' priority order. */
export function RotationTab({ incidentId }: { incidentId: string }) {
  const items = useRotation((state) => state.items[incidentId]);
  const load = useRotation((state) => state.load);
  const loadError = useRotation((state) => state.loadErrors[incidentId]);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const verified = items?.filter((item) => item.status === 'verified').length ?? 0;
  const next = items?.find((item) => item.status !== 'verified');

  return (
    <section className="rotation" aria-label="Rotation">
      <AddForm incidentId={incidentId} />
      <p className="muted small">Rotate in this order: external API keys, then application secrets, then service credentials. Only a name, where it lives and a fingerprint are kept, never a secret value. The Scans tab's Rotate sends findings here.</p>
      {loadError && <LoadError what="this incident's rotation items" message={loadError} onRetry={() => load(incidentId)} stale={items !== undefined} />}
      {!items && !loadError && <Loading what="this incident's rotation items" onRetry={() => load(incidentId)} />}
      {items?.length === 0 && <p className="muted small">Nothing to rotate yet.</p>}
      {items && items.length > 0 && (
        <p className="rotation-progress" role="status">
          <strong>{verified}/{items.length} verified</strong>
          {next && <span className="muted"> · next: {next.id} {next.name} ({next.status === 'pending' ? 'rotate it' : 'finish its checks'})</span>}
        </p>
      )}
      {rotationGroups.map((group) => {
        const inGroup = (items ?? []).filter((item) => item.group === group);
        if (inGroup.length === 0) return null;
        return (
          <section key={group} className="rotation-group" aria-label={rotationGroupLabels[group]}>
            <h3>{rotationGroupLabels[group]} <span className="muted small">{groupHints[group]}</span></h3>
            <ul className="rotation-list">
              {inGroup.map((item) => <RotationItemCard key={item.id} incidentId={incidentId} item={item} next={item.id === next?.id} />)}
            </ul>
          </section>
        );
      })}
    </section>
  );
}
