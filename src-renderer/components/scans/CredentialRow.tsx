import { useState } from 'react';
import type { FindingGroup, FindingPlace } from '../../../src-main/contract';
import { useRotation, useScans, useUi } from '../../hooks/stores';
import { useDraft } from '../../hooks/useDraft';
import { usePasteGuard } from '../../hooks/usePasteGuard';
import { PasteGuardWarning } from '../common/PasteGuardWarning';

const statusLabels: Record<FindingGroup['status'], string> = { open: 'Open', 'false-positive': 'False positive', rotation: 'Sent to rotation' };

// Past this many places the list starts folded: the row stays one line among the others.
const placesShownOpen = 3;

/** Where the credential still is, in words: a secret only in history is still a live secret. */
function whereFound(group: FindingGroup): string {
  if (group.inWorkingTree && group.inHistory) return 'in the files and in git history';
  return group.inWorkingTree ? 'in the files' : 'in git history';
}

function Place({ place }: { place: FindingPlace }) {
  return (
    <li className={`finding-place status-${place.status}`}>
      <span className="mono">{place.file}:{place.line}:{place.column}</span>{' '}
      {place.commit ? (
        <span className="muted">commit <span className="mono">{place.commit.slice(0, 12)}</span> · {place.author} · {place.date?.slice(0, 10)}</span>
      ) : (
        <span className="muted">working tree</span>
      )}
      {place.status === 'open' ? null : <span className="muted"> · {statusLabels[place.status].toLowerCase()}</span>}
    </li>
  );
}

interface CredentialRowProps {
  incidentId: string;
  group: FindingGroup;
  /** Its place in the list (the table holds only the rows on screen), measured once drawn. */
  index: number;
  measure(element: HTMLElement | null): void;
  onFocus(index: number): void;
}

/** One credential: what it is, every place it was found, and one mark that settles them all. */
export function CredentialRow({ incidentId, group, index, measure, onFocus }: CredentialRowProps) {
  const mark = useScans((state) => state.mark);
  const navigate = useUi((state) => state.navigate);
  // The rotation item tracking this secret (one per fingerprint), once the rotation list is loaded.
  const rotationItem = useRotation((state) => state.items[incidentId]?.find((item) => item.fingerprint === group.fingerprint));
  // The reason is a draft: Escape closes the small form and keeps it, a failed mark keeps it.
  const [note, setNote, clearNote] = useDraft(`falsepositive:${incidentId}:${group.fingerprint}`);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const guard = usePasteGuard('finding note', note, setNote, () => void submit('false-positive', note));
  const submit = async (status: 'false-positive' | 'rotation', text: string) => {
    setBusy(true);
    const checked = await guard.beforeSubmit(text);
    if (checked === null) return setBusy(false);
    const result = await mark(incidentId, group.fingerprint, status, checked);
    setBusy(false);
    guard.afterSubmit(result);
    setError(result.ok ? null : `Not marked: ${result.error.message}`);
    if (result.ok && status === 'false-positive') {
      clearNote();
      setEditing(false);
    }
  };
  const places = group.places.length;
  const everywhere = places > 1 ? ` (all ${places} places)` : '';
  return (
    <tr className={`finding status-${group.status}`} aria-label={`Credential ${group.redacted} ${group.fingerprint}`} aria-rowindex={index + 2} data-index={index} ref={measure} onFocus={() => onFocus(index)}>
      <td>
        <strong>{group.description}</strong>
        <div className="muted small">{group.rules.join(', ')}</div>
      </td>
      <td className="mono">{group.redacted}</td>
      <td className="mono small fingerprint">{group.fingerprint}</td>
      <td className="small finding-where">
        <details open={places <= placesShownOpen}>
          <summary>
            {places} place{places === 1 ? '' : 's'} {whereFound(group)}
            {!group.inWorkingTree && <span className="history-badge" title="Removed from the files, but still in git history: rotate it">history only</span>}
            {group.status === 'open' && group.open < places && <span className="muted"> · {group.open} still open</span>}
          </summary>
          <ul className="finding-places" aria-label={`Places of ${group.redacted}`}>
            {group.places.map((place) => <Place key={`${place.commit ?? ''}:${place.file}:${place.line}:${place.column}`} place={place} />)}
          </ul>
        </details>
      </td>
      <td className="finding-actions">
        {group.status !== 'open' ? (
          <span className="muted small">
            {statusLabels[group.status]}{group.status === 'rotation' && rotationItem ? ` as ${rotationItem.id} (${rotationItem.status})` : ''}{group.statusNote ? `: ${group.statusNote}` : ''}
            {group.status === 'rotation' && (
              <button type="button" className="link rotation-link" onClick={() => navigate({ name: 'incident', id: incidentId, tab: 'rotation' })}>Open the Rotation tab →</button>
            )}
          </span>
        ) : editing ? (
          <form className="inline-field" onSubmit={(event) => { event.preventDefault(); void submit('false-positive', note); }}>
            <input
              autoFocus
              aria-label="Why is this a false positive?"
              placeholder="why (test fixture, revoked…)"
              value={note}
              onChange={(e) => setNote(e.target.value)}
              onPaste={guard.onPaste}
              aria-invalid={guard.warning !== null}
              onKeyDown={(e) => {
                if (e.key !== 'Escape') return;
                e.preventDefault();
                e.stopPropagation();
                setEditing(false);
              }}
            />
            <button type="submit" disabled={busy}>{busy ? 'Marking…' : `Mark${everywhere}`}</button>
          </form>
        ) : (
          <>
            <button type="button" className="primary" disabled={busy} title={`Track it in the Rotation tab (one item per fingerprint)${places > 1 ? `; settles all ${places} places` : ''}`} onClick={() => void submit('rotation', '')}>Rotate</button>
            <button type="button" disabled={busy} title={places > 1 ? `Marks all ${places} places` : undefined} onClick={() => setEditing(true)}>
              False positive{note.trim() ? ' (draft kept)' : ''}
            </button>
          </>
        )}
        <PasteGuardWarning guard={guard} />
        {error && <div className="field-error" role="alert">{error}</div>}
      </td>
    </tr>
  );
}
