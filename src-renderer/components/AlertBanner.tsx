import { useIncidents, useUi } from '../hooks/stores';

/** In-app reminder when a response SLA runs out (the desktop app also raises a notification). */
export function AlertBanner() {
  const alerts = useIncidents((state) => state.alerts);
  const dismiss = useIncidents((state) => state.dismissAlert);
  const navigate = useUi((state) => state.navigate);
  if (alerts.length === 0) return null;
  return (
    <div className="alerts" role="alert">
      {alerts.map((alert) => (
        <div key={alert.incidentId} className="alert">
          <strong>{alert.severity} response SLA breached</strong>
          <button type="button" className="link" onClick={() => navigate({ name: 'incident', id: alert.incidentId })}>
            {alert.incidentId}: {alert.title}
          </button>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(alert.incidentId)}>✕</button>
        </div>
      ))}
    </div>
  );
}
