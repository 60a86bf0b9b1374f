import { useLayoutEffect, useRef, useState } from 'react';
import type { Incident } from '../../../src-main/contract';
import { countdown, localTime, zoneName } from '../../format';
import { useSharing, useUi } from '../../hooks/stores';
import { useNow } from '../../hooks/useNow';
import { ImpactTags } from '../common/ImpactTags';
import { SeverityBadge } from '../common/SeverityBadge';
import { StatusPill } from '../common/StatusPill';
import { PresenceLine } from './PresenceLine';
import { SlaPanel } from './SlaPanel';
import { DrillHeaderClock } from '../drills/DrillHeaderClock';
import { ClockStrip } from '../investigation/clocks/ClockStrip';
import './IncidentHeader.css';
import { UserText } from '../common/UserText';

/**
 * Keeps the bar just under the top bar (whose height changes as it wraps), and tells the checklist
 * how much of the window the two cover, so a step moved to with j/k is never hidden under them.
 */
function useStickyOffset() {
  const bar = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const topbar = document.querySelector<HTMLElement>('.topbar');
    const measure = () => {
      const topbarHeight = topbar?.offsetHeight ?? 0;
      setTop(topbarHeight);
      document.documentElement.style.setProperty('--incident-sticky-bottom', `${topbarHeight + (bar.current?.offsetHeight ?? 0)}px`);
    };
    measure();
    const observer = new ResizeObserver(measure);
    if (topbar) observer.observe(topbar);
    if (bar.current) observer.observe(bar.current);
    return () => observer.disconnect();
  }, []);
  return { bar, top };
}

/** The incident's header: a sticky bar (what it is, its status, the SLA clock, Acknowledge), then the details, which scroll away. */
export function IncidentHeader({ incident }: { incident: Incident }) {
  const navigate = useUi((state) => state.navigate);
  const openSharing = useSharing((state) => state.open);
  const now = useNow();
  const { bar, top } = useStickyOffset();
  const closed = incident.status === 'Closed';
  const { containedAt, recoveredAt, resolvedAt } = incident.milestones;
  const drill = incident.kind === 'drill';
  // A drill notifies no one: an escalation countdown there would contradict its marking.
  const next = drill ? null : incident.nextEscalation;
  return (
    <>
      <div ref={bar} className={`incident-header incident-sticky ${drill ? 'incident-drill' : ''}`} style={{ top }}>
        <div className="incident-sticky-main">
          <button type="button" className="link back-link" onClick={() => navigate({ name: 'dashboard' })}>
            ← Incidents
          </button>
          <div className="incident-title-row">
            {drill && <span className="drill-tag drill-tag-large" title="A tabletop drill: not a real incident">DRILL</span>}
            <SeverityBadge severity={incident.severity} label={incident.severityLabel} rank={incident.severityRank} />
            <UserText as="h1" text={incident.title} title />
          </div>
          <div className="incident-meta">
            <StatusPill status={incident.status} />
            <span className="mono">{incident.id}</span>
            <span>Commander <strong>{incident.commander}</strong></span>
            {drill && <span className="drill-not-real">Tabletop drill · not a real incident · no one is notified</span>}
          </div>
        </div>
        <ClockStrip incidentId={incident.id} closed={closed} />
        {drill ? <DrillHeaderClock incident={incident} /> : <SlaPanel incident={incident} />}
      </div>
      <div className="incident-details">
        <div className="incident-facts-line">
          <span>Impact <ImpactTags impact={incident.impact} /></span>
          <span>Declared <strong>{localTime(incident.declaredAt)}</strong></span>
          {incident.detectionSource && <span>Detected by <strong>{incident.detectionSource}</strong></span>}
          <span className="milestones">
            {containedAt && <span>Contained <strong>{localTime(containedAt)}</strong></span>}
            {recoveredAt && <span>Recovered <strong>{localTime(recoveredAt)}</strong></span>}
            {resolvedAt && <span>Resolved <strong>{localTime(resolvedAt)}</strong></span>}
          </span>
          {next && (
            <span className="next-escalation" title={`Escalation step ${next.key}`}>
              Next escalation <strong>{next.notify}</strong> in {countdown(Date.parse(next.dueAt) - now.getTime())}
            </span>
          )}
          <span className="muted small">Times in {zoneName()}</span>
        </div>
        <div className="incident-share" role="group" aria-label="Share with other laptops">
          <span className="muted small">Other laptops</span>
          <button type="button" onClick={() => openSharing({ kind: 'export', incidentId: incident.id })}>Export bundle…</button>
          <button type="button" onClick={() => openSharing({ kind: 'import', incidentId: incident.id })}>Import bundle…</button>
          {!closed && <button type="button" onClick={() => openSharing({ kind: 'member', incidentId: incident.id })}>Add responder…</button>}
        </div>
        <PresenceLine incidentId={incident.id} />
      </div>
    </>
  );
}
