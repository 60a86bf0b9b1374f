import { useEffect, useState } from 'react';
import type { RegulatoryClock } from '../../../../src-main/contract';
import { localTime } from '../../../format';
import { useClocks } from '../../../hooks/stores';
import { useNow } from '../../../hooks/useNow';
import { clocksByUrgency, clockSpan, shortClockName } from '../../../stores/clockStore';
import { ClockDialog } from './ClockDialog';
import { ClockMetDialog } from './ClockMetDialog';
import './Clocks.css';

// Two lines at most beside the SLA: the header stays one bar high on a laptop screen.
const maxShown = 2;

/** Regulatory deadlines beside the response SLA: each running one as a live countdown, overdue in the alarm colour. */
export function ClockStrip({ incidentId, closed }: { incidentId: string; closed: boolean }) {
  const clocks = useClocks((state) => state.clocks[incidentId]);
  const loadError = useClocks((state) => state.loadErrors[incidentId]);
  const load = useClocks((state) => state.load);
  const [dialog, setDialog] = useState<{ kind: 'all' } | { kind: 'met'; clock: RegulatoryClock } | null>(null);

  useEffect(() => {
    void load(incidentId);
  }, [incidentId, load]);

  const open = clocksByUrgency(clocks?.clocks ?? []).filter((clock) => clock.state === 'running' || clock.state === 'overdue');
  const shown = open.slice(0, maxShown);
  const hidden = open.length - shown.length;
  const met = (clocks?.clocks.length ?? 0) - open.length;
  return (
    <div className={`clock-strip ${open.length > 0 ? 'clock-strip-running' : ''}`} role="group" aria-label="Regulatory clocks">
      {shown.map((clock) => (
        <div key={clock.name} className="clock-line">
          <ClockCountdown clock={clock} />
          {!closed && (
            <button type="button" className="clock-met-button" onClick={() => setDialog({ kind: 'met', clock })} aria-label={`Mark ${shortClockName(clock.name)} met`}>
              Met…
            </button>
          )}
        </div>
      ))}
      <div className="clock-more">
        {loadError ? (
          <button type="button" className="link clock-error" title={loadError} onClick={() => void load(incidentId)}>Clocks not loaded: retry</button>
        ) : (
          <button type="button" className="link" onClick={() => setDialog({ kind: 'all' })} aria-haspopup="dialog">
            {hidden > 0 ? `${hidden} more clock${hidden === 1 ? '' : 's'}…` : open.length === 0 && met === 0 ? '+ Regulatory clock' : met > 0 && open.length === 0 ? `Clocks (${met} met)…` : 'Clocks, met…'}
          </button>
        )}
      </div>
      {dialog?.kind === 'all' && <ClockDialog incidentId={incidentId} closed={closed} onClose={() => setDialog(null)} onMet={(clock) => setDialog({ kind: 'met', clock })} />}
      {dialog?.kind === 'met' && <ClockMetDialog incidentId={incidentId} clock={dialog.clock} onClose={() => setDialog(null)} />}
    </div>
  );
}

/** "GDPR authority 71 h 12 m", or "GDPR authority OVERDUE 3 h 10 m" in the alarm colour; the full label and deadline on hover. */
export function ClockCountdown({ clock }: { clock: RegulatoryClock }) {
  const now = useNow();
  const left = Date.parse(clock.dueAt) - now.getTime();
  const name = shortClockName(clock.name);
  const title = `${clock.label}: ${clock.hours} h from ${localTime(clock.startedAt)}, due ${localTime(clock.dueAt)}`;
  if (clock.state === 'met' || clock.state === 'met-late') {
    return <span className={`clock-countdown clock-${clock.state}`} title={title}>{name} {clock.state === 'met' ? '✓ met' : 'met late'}</span>;
  }
  if (left < 0) {
    return (
      <span className="clock-countdown clock-overdue" role="timer" title={title} aria-label={`${name} overdue by ${clockSpan(left)}`}>
        {name} <strong>OVERDUE {clockSpan(left)}</strong>
      </span>
    );
  }
  const soon = left < Math.min(24 * 3_600_000, (clock.hours * 3_600_000) / 4);
  return (
    <span className={`clock-countdown ${soon ? 'clock-soon' : ''}`} role="timer" title={title} aria-label={`${name}: ${clockSpan(left)} left`}>
      {name} <strong>{clockSpan(left)}</strong>
    </span>
  );
}
