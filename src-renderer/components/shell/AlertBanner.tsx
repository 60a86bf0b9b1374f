import { useState } from 'react';
import { useIncidents, useUi } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { UserText } from '../common/UserText';

const maxCollapsedReminders = 3;
const maxExpandedReminders = 100;

/**
 * What needs the responder now: escalation reminders (acknowledge once notified), SLA breaches,
 * and playbook files that failed to load. The desktop app also raises notifications.
 */
export function AlertBanner() {
  const alerts = useIncidents((state) => state.alerts);
  const dismiss = useIncidents((state) => state.dismissAlert);
  const reminders = useIncidents((state) => state.reminders);
  const reminderTotal = useIncidents((state) => state.reminderTotal);
  const acknowledgeReminder = useIncidents((state) => state.acknowledgeReminder);
  const problems = useIncidents((state) => state.playbookProblems);
  const metaError = useIncidents((state) => state.metaError);
  const loadMeta = useIncidents((state) => state.loadMeta);
  const remindersError = useIncidents((state) => state.remindersError);
  const loadReminders = useIncidents((state) => state.loadReminders);
  // A failed "Notified", by reminder: shown on that reminder, which stays until it is acknowledged.
  const [ackErrors, setAckErrors] = useState<Record<string, string>>({});
  const [acking, setAcking] = useState<string | null>(null);
  const navigate = useUi((state) => state.navigate);
  const [showProblems, setShowProblems] = useState(false);
  const [showAllReminders, setShowAllReminders] = useState(false);
  if (alerts.length === 0 && reminders.length === 0 && problems.length === 0 && !metaError && !remindersError) return null;
  const acknowledge = async (incidentId: string, key: string) => {
    const id = `${incidentId}/${key}`;
    setAcking(id);
    const result = await acknowledgeReminder(incidentId, key);
    setAcking(null);
    const { [id]: _dropped, ...others } = ackErrors;
    setAckErrors(result.ok ? others : { ...others, [id]: `Not recorded: ${result.error.message}` });
  };
  // Newest first; a wall of banners helps nobody, so show a few and count the rest.
  const newest = [...reminders].reverse();
  const shown = newest.slice(0, showAllReminders ? maxExpandedReminders : maxCollapsedReminders);
  const hidden = Math.max(reminderTotal, reminders.length) - shown.length;
  return (
    <div className={`alerts ${showAllReminders ? 'alerts-expanded' : ''}`}>
      {metaError && <LoadError what="the severity levels, playbooks and settings" message={metaError} onRetry={loadMeta} />}
      {remindersError && <LoadError what="the escalation reminders" message={remindersError} onRetry={loadReminders} />}
      {shown.map((reminder) => (
        <div key={`${reminder.incidentId}/${reminder.key}`} className="alert alert-escalation" role="alert">
          <strong>Escalate: notify {reminder.notify}</strong>
          <span className="muted">{reminder.recipients.length ? reminder.recipients.map((r) => [r.name, r.email || r.phone].filter(Boolean).join(' · ')).join(', ') : 'no matching contacts'}</span>
          <button type="button" className="link" onClick={() => navigate({ name: 'incident', id: reminder.incidentId })}>
            {reminder.incidentId} ({reminder.severity}): <UserText text={reminder.incidentTitle} />
          </button>
          {ackErrors[`${reminder.incidentId}/${reminder.key}`] && <span className="field-error">{ackErrors[`${reminder.incidentId}/${reminder.key}`]}</span>}
          <button type="button" className="ack" disabled={acking === `${reminder.incidentId}/${reminder.key}`} onClick={() => void acknowledge(reminder.incidentId, reminder.key)}>
            Notified
          </button>
        </div>
      ))}
      {(hidden > 0 || showAllReminders) && (
        <button type="button" className="link more-reminders" onClick={() => setShowAllReminders(!showAllReminders)}>
          {showAllReminders
            ? `Show fewer reminders${hidden > 0 ? ` (these are the newest ${shown.length} of ${shown.length + hidden})` : ''}`
            : `${hidden} more escalation reminder${hidden === 1 ? '' : 's'}: show them`}
        </button>
      )}
      {alerts.slice(-maxCollapsedReminders).map((alert) => (
        <div key={alert.incidentId} className="alert" role="alert">
          <strong>{alert.severity} response SLA breached</strong>
          <button type="button" className="link" onClick={() => navigate({ name: 'incident', id: alert.incidentId })}>
            {alert.incidentId}: <UserText text={alert.title} />
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(alert.incidentId)}>✕</button>
        </div>
      ))}
      {problems.length > 0 && (
        <div className="alert alert-warning">
          <strong>{problems.length} playbook file{problems.length === 1 ? '' : 's'} could not be loaded</strong>
          <button type="button" className="link" onClick={() => setShowProblems(!showProblems)}>{showProblems ? 'hide' : 'show why'}</button>
          {showProblems && (
            <ul className="problems">
              {problems.map((problem) => (
                <li key={problem.file} className="mono">
                  {problem.file}{problem.line ? `:${problem.line}` : ''}: {problem.path ? `${problem.path}: ` : ''}{problem.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
