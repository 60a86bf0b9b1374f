import { useEffect, useState } from 'react';
import { useActions, useUi } from '../../hooks/stores';
import { LoadError } from '../common/LoadError';
import { UserText } from '../common/UserText';
import { visibleUserText } from '../../userText';
import './Actions.css';

const compactCount = 6;

/** The dashboard's list of open action items across incidents, overdue first. */
export function OpenActionsPanel() {
  const open = useActions((state) => state.open);
  const error = useActions((state) => state.openError);
  const loadOpen = useActions((state) => state.loadOpen);
  const navigate = useUi((state) => state.navigate);
  const [all, setAll] = useState(false);

  useEffect(() => {
    void loadOpen();
  }, [loadOpen]);

  if (!open && !error) return null;
  const overdue = open?.filter((item) => item.overdue).length ?? 0;
  const shown = all ? (open ?? []) : (open ?? []).slice(0, compactCount);
  return (
    <section className="open-actions" aria-label="Open action items">
      <div className="open-actions-head">
        <h2>Open action items</h2>
        {open && <span className="count">{open.length}</span>}
        {overdue > 0 && <span className="overdue-count">{overdue} overdue</span>}
      </div>
      {error && <LoadError what="the open action items" message={error} onRetry={loadOpen} stale={open !== null} />}
      {open?.length === 0 && <p className="muted small">None open. Action items added on an incident's Action items tab show here until done.</p>}
      {shown.length > 0 && (
        <ul className="open-actions-list">
          {shown.map((item) => (
            <li key={`${item.incidentId}/${item.id}`} className={item.overdue ? 'action-overdue' : ''}>
              <span className="open-action-due">{item.overdue ? <span className="overdue-badge">Overdue {item.due}</span> : (item.due ?? <span className="muted">no date</span>)}</span>
              <span className="open-action-title" title={item.title}>{item.title}</span>
              <span className="muted open-action-owner">{item.owner || 'nobody yet'}</span>
              <button type="button" className="link open-action-incident" title={visibleUserText(item.incidentTitle)} onClick={() => navigate({ name: 'incident', id: item.incidentId, tab: 'actions' })}>
                {item.incidentId} · <UserText text={item.incidentTitle} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {open && open.length > compactCount && (
        <button type="button" className="link more-reminders" onClick={() => setAll(!all)}>{all ? 'Show fewer' : `Show all ${open.length}`}</button>
      )}
    </section>
  );
}
