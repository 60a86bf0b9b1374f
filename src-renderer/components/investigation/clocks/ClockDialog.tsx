import { useState, type FormEvent } from 'react';
import type { RegulatoryClock } from '../../../../src-main/contract';
import { localTime, zoneName } from '../../../format';
import { useClocks } from '../../../hooks/stores';
import { clocksByUrgency } from '../../../stores/clockStore';
import { Modal } from '../../common/Modal';
import { UserText } from '../../common/UserText';
import { ClockCountdown } from './ClockStrip';

/** `2026-12-02T07:30` (a datetime-local value) in the responder's zone → `2026-12-02T07:30:00+01:00`. */
export function withLocalOffset(local: string): string {
  const offsetMinutes = -new Date(local).getTimezoneOffset();
  const sign = offsetMinutes < 0 ? '-' : '+';
  const size = Math.abs(offsetMinutes);
  return `${local.length === 16 ? `${local}:00` : local}${sign}${String(Math.floor(size / 60)).padStart(2, '0')}:${String(size % 60).padStart(2, '0')}`;
}

/** Now as a datetime-local value, in the responder's zone, to the minute. */
function localNow(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Every clock of the incident (met ones too), and a form to start another. */
export function ClockDialog({ incidentId, closed, onClose, onMet }: { incidentId: string; closed: boolean; onClose(): void; onMet(clock: RegulatoryClock): void }) {
  const clocks = useClocks((state) => state.clocks[incidentId]);
  const all = clocksByUrgency(clocks?.clocks ?? []);
  return (
    <Modal title="Regulatory clocks" onClose={onClose} wide>
      <div className="clock-dialog">
        {all.length > 0 ? (
          <ul className="clock-list" aria-label="Clocks of this incident">
            {all.map((clock) => (
              <li key={clock.name}>
                <ClockCountdown clock={clock} />
                <span className="muted small">
                  <UserText text={clock.label} /> · {clock.hours} h from {localTime(clock.startedAt)} · due {localTime(clock.dueAt)}
                  {clock.stoppedAt && <> · met {localTime(clock.stoppedAt)}: <UserText text={clock.note} /></>}
                </span>
                {!closed && (clock.state === 'running' || clock.state === 'overdue') && (
                  <button type="button" onClick={() => onMet(clock)}>Met…</button>
                )}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">
            No regulatory clock yet. Start one when a law or contract sets a deadline from a moment: awareness of a personal-data breach gives 72 hours to notify the supervisory authority (GDPR
            Art. 33).
          </p>
        )}
        {!closed && <ClockStartForm incidentId={incidentId} onStarted={onClose} />}
      </div>
    </Modal>
  );
}

function ClockStartForm({ incidentId, onStarted }: { incidentId: string; onStarted(): void }) {
  const presets = useClocks((state) => state.clocks[incidentId]?.presets ?? []);
  const start = useClocks((state) => state.start);
  const [choice, setChoice] = useState<string>(() => presets[0]?.name ?? 'custom');
  const [name, setName] = useState('');
  const [label, setLabel] = useState('');
  const [hours, setHours] = useState('');
  const [startedAt, setStartedAt] = useState(localNow);
  const [startedTouched, setStartedTouched] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const custom = choice === 'custom';
  const preset = presets.find((candidate) => candidate.name === choice);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (custom && (!name.trim() || !label.trim() || !(Number(hours) > 0))) return setError('A clock of your own needs a short name, a label and a number of hours.');
    setBusy(true);
    setError(null);
    const result = await start(incidentId, {
      name: custom ? name.trim() : choice,
      ...(custom ? { label: label.trim(), hours: Number(hours) } : {}),
      // Left at the time the form opened: "now" is the server's, so a slow form never starts in the future.
      ...(startedTouched && startedAt ? { startedAt: withLocalOffset(startedAt) } : {}),
      note: note.trim(),
    });
    setBusy(false);
    if (result.ok) onStarted();
    else setError(result.error.message);
  };

  return (
    <form className="form clock-start" aria-label="Start a clock" onSubmit={(event) => void submit(event)}>
      <h3>Start a clock</h3>
      <label className="field">
        <span>Deadline</span>
        <select value={choice} onChange={(event) => setChoice(event.target.value)}>
          {presets.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>{candidate.label} ({candidate.hours} h)</option>
          ))}
          <option value="custom">Another deadline…</option>
        </select>
      </label>
      {custom && (
        <div className="clock-custom">
          <label className="field">
            <span>Short name</span>
            <input value={name} onChange={(event) => setName(event.target.value.toLowerCase())} placeholder="contract-60d" maxLength={40} pattern="[a-z0-9][a-z0-9\-]*" />
          </label>
          <label className="field">
            <span>Label</span>
            <input value={label} onChange={(event) => setLabel(event.target.value)} placeholder="Notify the customer (contract §12)" maxLength={200} />
          </label>
          <label className="field">
            <span>Hours</span>
            <input type="number" min={1} step="any" value={hours} onChange={(event) => setHours(event.target.value)} placeholder="1440 (60 days)" />
          </label>
        </div>
      )}
      <label className="field">
        <span>Started at (the moment of awareness), {zoneName()} {withLocalOffset(startedAt || localNow()).slice(-6)}</span>
        <input
          type="datetime-local"
          value={startedAt}
          onChange={(event) => {
            setStartedAt(event.target.value);
            setStartedTouched(true);
          }}
        />
      </label>
      <label className="field">
        <span>Note (optional)</span>
        <input value={note} onChange={(event) => setNote(event.target.value)} placeholder="Became aware when the DPO confirmed personal data" maxLength={1_000} />
      </label>
      {error && <p className="form-error" role="alert">Not started: {error}</p>}
      <div className="form-actions">
        <span className="hint">{preset ? `${preset.hours} h from the start` : 'Enter to start'}</span>
        <button type="submit" className="primary" aria-busy={busy}>{busy ? 'Starting…' : 'Start clock'}</button>
      </div>
    </form>
  );
}
