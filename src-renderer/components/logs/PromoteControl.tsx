import { useState } from 'react';
import { useLogs } from '../../hooks/stores';
import { promoteKey, type PromoteTarget } from '../../stores/logStore';

/**
 * "Promote": puts a finding or an address on the incident's timeline, with an optional note asked
 * for in a small inline form (Enter adds, Escape closes). Once done it says so instead.
 */
export function PromoteControl({ incidentId, scanId, target, label }: { incidentId: string; scanId: string; target: PromoteTarget; label: string }) {
  const promote = useLogs((state) => state.promote);
  const promoted = useLogs((state) => state.promoted[promoteKey(scanId, target)]);
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const what = 'ip' in target ? target.ip : `finding ${target.findingId}`;

  if (promoted !== undefined) return <span className="promoted small" role="status" title={promoted}>✓ On the timeline</span>;
  const submit = async () => {
    setBusy(true);
    const result = await promote(incidentId, scanId, target, note.trim());
    setBusy(false);
    setError(result.ok ? null : `Not promoted: ${result.error.message}`);
  };
  return (
    <span className="promote">
      {open ? (
        <form className="inline-field" onSubmit={(event) => { event.preventDefault(); void submit(); }}>
          <input
            autoFocus
            aria-label={`Note for the timeline about ${what} (optional)`}
            placeholder="note (optional)"
            value={note}
            maxLength={1000}
            onChange={(event) => setNote(event.target.value)}
            onKeyDown={(event) => {
              if (event.key !== 'Escape') return;
              event.preventDefault();
              event.stopPropagation();
              setOpen(false);
            }}
          />
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Adding…' : 'Add to timeline'}</button>
        </form>
      ) : (
        <button type="button" title={`Put ${what} on the incident's timeline`} aria-label={`${label} ${what}`} onClick={() => setOpen(true)}>{label}</button>
      )}
      {error && <span className="field-error small" role="alert">{error}</span>}
    </span>
  );
}
