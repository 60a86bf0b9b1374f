import type { SlaSnapshot } from '../../../src-main/contract';
import { countdown } from '../../format';
import { useNow } from '../../hooks/useNow';
import './SlaClock.css';

interface Props {
  sla: SlaSnapshot;
  large?: boolean;
}

/** The response-time SLA: live countdown, red once overdue, settled once responded. */
export function SlaClock({ sla, large = false }: Props) {
  const now = useNow();
  const remaining = Date.parse(sla.dueAt) - now.getTime();
  const className = `sla ${large ? 'sla-large' : ''}`;
  if (sla.state === 'met') return <span className={`${className} sla-met`} title="Responded within the SLA">✓ responded</span>;
  if (sla.state === 'missed') return <span className={`${className} sla-missed`} title="Responded after the SLA ran out">responded late</span>;
  if (sla.state === 'never-acknowledged') return <span className={`${className} sla-never`} title="Resolved or closed without anyone acknowledging it">never acknowledged</span>;
  if (remaining < 0) {
    return (
      <span className={`${className} sla-overdue`} role="timer" aria-label={`overdue by ${countdown(remaining)}`}>
        OVERDUE {countdown(remaining)}
      </span>
    );
  }
  const urgent = remaining < 5 * 60_000;
  return (
    <span className={`${className} ${urgent ? 'sla-urgent' : 'sla-running'}`} role="timer" aria-label={`${countdown(remaining)} left to respond`}>
      {countdown(remaining)} left
    </span>
  );
}
