import { useEffect, useState } from 'react';
import { useClocks, useIncidents, useUi } from '../../hooks/stores';
import { ClockAlarmLine } from '../investigation/clocks/ClockAlarmLine';
import { LoadError } from '../common/LoadError';
import { UserText } from '../common/UserText';
import { SeverityBadge } from '../common/SeverityBadge';
import { alarmRows, type AlarmRow } from './alarmRows';
import { ReminderLine } from './ReminderLine';
import './AlertBanner.css';

const maxExpandedRows = 100;
// One line each: two on a short laptop screen, three on a taller one, so the work stays in view.
const shortScreen = '(max-height: 799px)';

function useCollapsedRows(): number {
  const [short, setShort] = useState(() => window.matchMedia(shortScreen).matches);
  useEffect(() => {
    const query = window.matchMedia(shortScreen);
    const onChange = () => setShort(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return short ? 2 : 3;
}

/**
 * What needs the responder now, most urgent first: escalation reminders (acknowledge once
 * notified), SLA breaches, and playbook files that failed to load. The incident on screen is pinned
 * first. The desktop app also raises notifications.
 */
export function AlertBanner() {
  const allAlerts = useIncidents((state) => state.alerts);
  const listLoaded = useIncidents((state) => state.listLoaded);
  const dismiss = useIncidents((state) => state.dismissAlert);
  const reminders = useIncidents((state) => state.reminders);
  const reminderTotal = useIncidents((state) => state.reminderTotal);
  const incidents = useIncidents((state) => state.incidents);
  const problems = useIncidents((state) => state.playbookProblems);
  const metaError = useIncidents((state) => state.metaError);
  const loadMeta = useIncidents((state) => state.loadMeta);
  const remindersError = useIncidents((state) => state.remindersError);
  const loadReminders = useIncidents((state) => state.loadReminders);
  const route = useUi((state) => state.route);
  const navigate = useUi((state) => state.navigate);
  const [showProblems, setShowProblems] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const collapsedRows = useCollapsedRows();
  const clockAlerts = useClocks((state) => state.alerts);
  const clockLists = useClocks((state) => state.clocks);
  // A breach stops mattering once its incident has moved on from Active (responded, resolved, closed).
  const alerts = allAlerts.filter((alert) => !listLoaded || incidents.find((incident) => incident.id === alert.incidentId)?.status === 'Active');
  // A clock met since (here, in another window or from the CLI) no longer calls for anyone.
  const clocks = clockAlerts.filter((alert) => {
    const held = clockLists[alert.incidentId]?.clocks.find((clock) => clock.name === alert.name);
    return !held || held.state === 'running' || held.state === 'overdue';
  });
  if (alerts.length === 0 && clocks.length === 0 && reminders.length === 0 && problems.length === 0 && !metaError && !remindersError) return null;

  const rankOf = (incidentId: string) => incidents.find((incident) => incident.id === incidentId)?.severityRank ?? 1_000;
  const onScreen = route.name === 'incident' ? route.id : null;
  const rows = alarmRows(reminders, alerts, rankOf, onScreen, clocks);
  const shown = rows.slice(0, expanded ? maxExpandedRows : collapsedRows);
  // Reminders beyond the first page the server sent still count.
  const hidden = rows.length - shown.length + Math.max(0, reminderTotal - reminders.length);
  const breachLine = (row: Extract<AlarmRow, { kind: 'breach' }>) => (
    <div key={row.id} className="alarm alarm-breach" role="alert">
      <SeverityBadge severity={row.alert.severity} label={`${row.alert.severity} response SLA breached`} rank={rankOf(row.incidentId)} />
      <strong className="alarm-what">Response SLA breached</strong>
      <button type="button" className="link alarm-incident" onClick={() => navigate({ name: 'incident', id: row.incidentId })}>
        {row.incidentId}: <UserText text={row.alert.title} />
      </button>
      <button type="button" className="icon-button alarm-action" aria-label={`Dismiss the SLA breach of ${row.incidentId}`} onClick={() => dismiss(row.incidentId)}>✕</button>
    </div>
  );

  return (
    <div className={`alerts alarms ${expanded ? 'alerts-expanded' : ''}`} aria-label="Alarms">
      {metaError && <LoadError what="the severity levels, playbooks and settings" message={metaError} onRetry={loadMeta} />}
      {remindersError && <LoadError what="the escalation reminders" message={remindersError} onRetry={loadReminders} />}
      {shown.map((row) => (row.kind === 'reminder' ? <ReminderLine key={row.id} reminder={row.reminder} breached={row.breached} onScreen={row.incidentId === onScreen} /> : row.kind === 'clock' ? <ClockAlarmLine key={row.id} alert={row.clock} /> : breachLine(row)))}
      {(hidden > 0 || expanded) && (
        <button type="button" className="link alarm-more" aria-expanded={expanded} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Show only the most urgent' : `${hidden} more alarm${hidden === 1 ? '' : 's'}, less urgent: show`}
        </button>
      )}
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
