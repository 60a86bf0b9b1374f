import { useDrills, useUi } from '../../hooks/stores';
import '../shell/AlertBanner.css';
import './DrillAlerts.css';

/** A drill inject that arrived: one line under the alarms, naming it, opening the drill tab; never mistaken for a real alarm (DRILL tag, its own colour). */
export function DrillAlerts() {
  const alerts = useDrills((state) => state.alerts);
  const dismiss = useDrills((state) => state.dismissAlert);
  const navigate = useUi((state) => state.navigate);
  if (alerts.length === 0) return null;
  // The newest three: a facilitator firing injects in a row needs the latest, not a wall of them.
  const shown = alerts.slice(-3).reverse();
  return (
    <div className="alerts alarms drill-alerts" aria-label="Drill injects">
      {shown.map((alert) => (
        <div key={`${alert.incidentId}/${alert.injectId}`} className="alarm alarm-drill" role="status">
          <span className="drill-tag">DRILL</span>
          <strong className="alarm-what">Inject arrived</strong>
          <button
            type="button"
            className="link alarm-incident"
            onClick={() => {
              dismiss(alert.incidentId, alert.injectId);
              navigate({ name: 'incident', id: alert.incidentId, tab: 'drill' });
            }}
          >
            {alert.title} <span className="muted">· {alert.incidentId}</span>
          </button>
          <button type="button" className="icon-button alarm-action" aria-label={`Dismiss the inject ${alert.title}`} onClick={() => dismiss(alert.incidentId, alert.injectId)}>✕</button>
        </div>
      ))}
    </div>
  );
}
