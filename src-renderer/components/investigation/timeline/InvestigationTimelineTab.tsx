import { useEffect, useState } from 'react';
import type { InvestigationEntry } from '../../../../src-main/contract';
import { useInvestigationTimeline, useUi } from '../../../hooks/stores';
import { useHasDraft } from '../../../hooks/useDraft';
import { emptyTimelineView } from '../../../stores/investigationTimelineStore';
import { LoadError } from '../../common/LoadError';
import { Loading } from '../../common/Loading';
import { TimelineEntryForm, entryTextId } from './TimelineEntryForm';
import { TimelineEntryRow } from './TimelineEntryRow';
import { TimelineFilters } from './TimelineFilters';
import { TimelineLinkDialog } from './TimelineLinkDialog';
import { TimelineTransfer } from './TimelineTransfer';
import { shownZoneName } from './timelineTime';
import './InvestigationTimeline.css';

/**
 * The investigation timeline: every event with its two clocks (when it happened, when it was
 * recorded), sorted by either, in the responder's zone or UTC, filtered by indicator, asset,
 * technique, tag, actor or kind; entries added after the fact and linked to what they concern.
 */
export function InvestigationTimelineTab({ incidentId }: { incidentId: string }) {
  const view = useInvestigationTimeline((state) => state.views[incidentId]) ?? emptyTimelineView;
  const load = useInvestigationTimeline((state) => state.load);
  const loadOptions = useInvestigationTimeline((state) => state.loadOptions);
  const setFilter = useInvestigationTimeline((state) => state.setFilter);
  const setSort = useInvestigationTimeline((state) => state.setSort);
  const setZone = useInvestigationTimeline((state) => state.setZone);
  const showMore = useInvestigationTimeline((state) => state.showMore);
  const request = useUi((state) => state.timelineFilter);
  const setTimelineFilter = useUi((state) => state.setTimelineFilter);
  const hasDraft = useHasDraft(`timelineEntry:${incidentId}:text`);
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState<InvestigationEntry | null>(null);
  const formOpen = adding || hasDraft;

  useEffect(() => {
    // "Show on timeline" from an indicator or asset: narrowed to it, then the request is spent.
    if (request?.incidentId === incidentId) {
      setTimelineFilter(null);
      void setFilter(incidentId, { indicator: request.indicator ?? null, asset: request.asset ?? null, technique: request.technique ?? null, tag: null, actor: null, group: null });
    } else void load(incidentId);
    void loadOptions(incidentId);
  }, [incidentId, request, load, loadOptions, setFilter, setTimelineFilter]);

  useEffect(() => {
    if (adding) document.getElementById(entryTextId(incidentId))?.focus();
  }, [adding, incidentId]);

  const { timeline, sort, zone } = view;
  const indicators = view.indicators ?? [];
  const assets = view.assets ?? [];

  return (
    <section className="inv-timeline" aria-label="Investigation timeline">
      <div className="inv-toolbar">
        <div className="inv-toggle" role="group" aria-label="Sort by">
          <span className="muted small">Sort by</span>
          <button type="button" aria-pressed={sort === 'occurred'} onClick={() => void setSort(incidentId, 'occurred')}>When it happened</button>
          <button type="button" aria-pressed={sort === 'recorded'} onClick={() => void setSort(incidentId, 'recorded')}>When recorded</button>
        </div>
        <div className="inv-toggle" role="group" aria-label="Times in">
          <span className="muted small">Times in</span>
          <button type="button" aria-pressed={zone === 'local'} onClick={() => setZone(incidentId, 'local')}>Your zone</button>
          <button type="button" aria-pressed={zone === 'utc'} onClick={() => setZone(incidentId, 'utc')}>UTC</button>
          <strong className="inv-zone-name" role="status">{shownZoneName(zone)}</strong>
        </div>
        <TimelineTransfer incidentId={incidentId} />
      </div>
      <TimelineFilters incidentId={incidentId} view={view} indicators={indicators} assets={assets} />
      {formOpen ? (
        <TimelineEntryForm incidentId={incidentId} indicators={indicators} assets={assets} onDone={() => setAdding(false)} />
      ) : (
        <button type="button" className="inv-add-toggle" onClick={() => setAdding(true)}>
          + Add an entry after the fact
        </button>
      )}
      {view.error && <LoadError what="the investigation timeline" message={view.error} onRetry={() => load(incidentId)} stale={timeline !== null} />}
      {!timeline && !view.error && <Loading what="the investigation timeline" onRetry={() => load(incidentId)} />}
      {timeline && timeline.entries.length === 0 && <p className="muted">{timeline.total ? 'No entry matches these filters.' : 'Nothing on the timeline yet.'}</p>}
      {timeline && timeline.entries.length > 0 && (
        <ol className="inv-entries" aria-label="Timeline entries" aria-busy={view.loading}>
          {timeline.entries.map((entry) => (
            <TimelineEntryRow key={entry.hash} entry={entry} zone={zone} indicators={indicators} assets={assets} onLink={setLinking} />
          ))}
        </ol>
      )}
      {timeline && timeline.entries.length < timeline.matched && (
        <button type="button" className="link" onClick={() => void showMore(incidentId)} disabled={view.loading || view.limit >= 1_000}>
          {view.limit >= 1_000 ? `The first 1,000 of ${timeline.matched.toLocaleString('en')} are shown: narrow the filters to see the rest.` : `Show more (${(timeline.matched - timeline.entries.length).toLocaleString('en')} more)`}
        </button>
      )}
      {linking && <TimelineLinkDialog incidentId={incidentId} entry={linking} indicators={indicators} assets={assets} onClose={() => setLinking(null)} />}
    </section>
  );
}
