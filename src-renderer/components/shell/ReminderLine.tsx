import { useState } from 'react';
import type { Reminder } from '../../../src-main/contract';
import { useIncidents, useUi } from '../../hooks/stores';
import { SeverityBadge } from '../common/SeverityBadge';
import { UserText } from '../common/UserText';
import { visibleUserText } from '../../userText';

/** One escalation reminder on one line: who to notify, who that is, which incident, and "Notified". */
export function ReminderLine({ reminder, breached, onScreen }: { reminder: Reminder; breached: boolean; onScreen: boolean }) {
  const acknowledgeReminder = useIncidents((state) => state.acknowledgeReminder);
  const navigate = useUi((state) => state.navigate);
  const [busy, setBusy] = useState(false);
  // A failed "Notified" stays on its line: the reminder is still pending.
  const [error, setError] = useState<string | null>(null);
  const acknowledge = async () => {
    setBusy(true);
    const result = await acknowledgeReminder(reminder.incidentId, reminder.key);
    setBusy(false);
    setError(result.ok ? null : `Not recorded: ${result.error.message}`);
  };
  const who = reminder.recipients.map((r) => [r.name, r.email || r.phone].filter(Boolean).join(' · ')).join(', ');
  return (
    <div className={`alarm alarm-escalation ${breached ? 'alarm-breached' : ''}`} role="alert">
      <SeverityBadge severity={reminder.severity} label={`Severity ${reminder.severity}`} rank={reminder.severityRank} />
      {breached && <span className="alarm-tag">SLA overdue</span>}
      {/* Pinned first because it is open, not because it is the most urgent: say so. */}
      {onScreen && <span className="alarm-here">this incident</span>}
      <strong className="alarm-what">Notify {reminder.notify}</strong>
      {who ? (
        <span className="alarm-who muted" title={who}>{who}</span>
      ) : (
        <button type="button" className="link alarm-who" onClick={() => navigate({ name: 'contacts' })} title="No contact has a role this step names: add one">
          no matching contacts: add one
        </button>
      )}
      <button type="button" className="link alarm-incident" title={`${reminder.incidentId}: ${visibleUserText(reminder.incidentTitle)}`} onClick={() => navigate({ name: 'incident', id: reminder.incidentId })}>
        {reminder.incidentId}: <UserText text={reminder.incidentTitle} />
      </button>
      {error && <span className="field-error alarm-error" title={error}>{error}</span>}
      <button type="button" className="alarm-action" disabled={busy} onClick={() => void acknowledge()} aria-label={`Notified ${reminder.notify} for ${reminder.incidentId}`}>
        Notified
      </button>
    </div>
  );
}
