import { useClocks, useUi } from '../../../hooks/stores';
import { useNow } from '../../../hooks/useNow';
import { clockSpan, shortClockName, type ClockDueAlert } from '../../../stores/clockStore';
import { UserText } from '../../common/UserText';

/** A `clock.due` in the alarm banner, as an SLA breach is shown: what is due, for which incident, a way to it. */
export function ClockAlarmLine({ alert }: { alert: ClockDueAlert }) {
  const navigate = useUi((state) => state.navigate);
  const dismiss = useClocks((state) => state.dismissAlert);
  const now = useNow();
  const left = Date.parse(alert.dueAt) - now.getTime();
  const overdue = left < 0;
  const name = shortClockName(alert.name);
  return (
    <div className={`alarm ${overdue ? 'alarm-breach' : ''}`} role="alert">
      <strong className="alarm-what">
        {name} {overdue ? `overdue by ${clockSpan(left)}` : `due in ${clockSpan(left)}`}
      </strong>
      <button type="button" className="link alarm-incident" title={alert.label} onClick={() => navigate({ name: 'incident', id: alert.incidentId })}>
        {alert.incidentId}: <UserText text={alert.label} />
      </button>
      <button type="button" className="icon-button alarm-action" aria-label={`Dismiss the ${name} deadline of ${alert.incidentId}`} onClick={() => dismiss(alert.incidentId, alert.name)}>✕</button>
    </div>
  );
}
