import { useState, type FormEvent } from 'react';
import type { RegulatoryClock } from '../../../../src-main/contract';
import { localTime } from '../../../format';
import { useClocks } from '../../../hooks/stores';
import { shortClockName } from '../../../stores/clockStore';
import { Modal } from '../../common/Modal';

/** Marking a deadline met says what met it (a notification, its reference): the note is required. */
export function ClockMetDialog({ incidentId, clock, onClose }: { incidentId: string; clock: RegulatoryClock; onClose(): void }) {
  const stop = useClocks((state) => state.stop);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !note.trim()) return;
    setBusy(true);
    const result = await stop(incidentId, clock.name, note.trim());
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error.message);
  };
  return (
    <Modal title={`Mark ${shortClockName(clock.name)} met`} onClose={onClose} closeFromFields>
      <form className="form" onSubmit={(event) => void submit(event)} onKeyDown={(event) => event.key !== 'Escape' && event.stopPropagation()}>
        <p className="muted">{clock.label} · due {localTime(clock.dueAt)}</p>
        <label className="field">
          <span>What met it (required)</span>
          <input value={note} onChange={(event) => setNote(event.target.value)} required aria-required placeholder="Notified the ICO, reference 123-456" maxLength={1_000} />
        </label>
        {error && <p className="form-error" role="alert">Not changed: {error}</p>}
        <div className="form-actions">
          <span className="hint">Enter to confirm · Esc cancels</span>
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="primary" disabled={!note.trim() || busy}>{busy ? 'Saving…' : 'Mark met'}</button>
        </div>
      </form>
    </Modal>
  );
}
