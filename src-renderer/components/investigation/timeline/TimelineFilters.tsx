import { useState, type ReactNode } from 'react';
import type { Asset, Indicator } from '../../../../src-main/contract';
import { useInvestigationTimeline } from '../../../hooks/stores';
import { eventGroups, type EventGroup, type TimelineFilter, type TimelineView } from '../../../stores/investigationTimelineStore';
import { visibleUserText } from '../../../userText';
import { UserText } from '../../common/UserText';
import { TechniqueChip } from './TechniqueChip';
import { TechniquePicker } from './TechniquePicker';

// Option labels cannot hold markup: bidi controls in a value are shown as visible tokens instead.
const cut = (text: string, size = 60) => visibleUserText(text.length > size ? `${text.slice(0, size)}…` : text);

/** The filters: pickers for each kind, and what is active as removable chips with the count it leaves. */
export function TimelineFilters({ incidentId, view, indicators, assets }: { incidentId: string; view: TimelineView; indicators: Indicator[]; assets: Asset[] }) {
  const setFilter = useInvestigationTimeline((state) => state.setFilter);
  const clearFilters = useInvestigationTimeline((state) => state.clearFilters);
  const [tag, setTag] = useState('');
  const { filter, timeline } = view;
  const change = (next: Partial<TimelineFilter>) => void setFilter(incidentId, next);
  const indicator = indicators.find((candidate) => candidate.id === filter.indicator);
  const asset = assets.find((candidate) => candidate.id === filter.asset);
  const active = Object.values(filter).some((value) => value !== null);
  const applyTag = () => {
    const typed = tag.trim();
    if (typed) change({ tag: typed });
    setTag('');
  };

  return (
    <section className="inv-filters" aria-label="Filter the timeline">
      <div className="inv-filter-row">
        <label className="field">
          <span>Indicator</span>
          <select value={filter.indicator ?? ''} onChange={(event) => change({ indicator: event.target.value || null })}>
            <option value="">{indicators.length ? 'Any indicator' : 'No indicators yet'}</option>
            {indicators.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id} · {cut(candidate.defanged)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Asset</span>
          <select value={filter.asset ?? ''} onChange={(event) => change({ asset: event.target.value || null })}>
            <option value="">{assets.length ? 'Any asset' : 'No assets yet'}</option>
            {assets.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.id} · {cut(candidate.name)}
              </option>
            ))}
          </select>
        </label>
        <TechniquePicker inputId={`filter-technique-${incidentId}`} chosen={filter.technique ? [filter.technique] : []} onPick={(id) => change({ technique: id })} />
        <label className="field">
          <span>Tag</span>
          <input
            value={tag}
            list={`timeline-tags-${incidentId}`}
            onChange={(event) => setTag(event.target.value)}
            onKeyDown={(event) => event.key === 'Enter' && (event.preventDefault(), applyTag())}
            onBlur={applyTag}
            placeholder="A tag, Enter"
          />
          <datalist id={`timeline-tags-${incidentId}`}>
            {view.seen.tags.map((value) => (
              <option key={value} value={value} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>Actor</span>
          <select value={filter.actor ?? ''} onChange={(event) => change({ actor: event.target.value || null })}>
            <option value="">Anyone</option>
            {[...new Set([...view.seen.actors, ...(filter.actor ? [filter.actor] : [])])].map((actor) => (
              <option key={actor} value={actor}>
                {visibleUserText(actor)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Kind of event</span>
          <select value={filter.group ?? ''} onChange={(event) => change({ group: (event.target.value || null) as EventGroup | null })}>
            <option value="">Every kind</option>
            {Object.entries(eventGroups).map(([id, group]) => (
              <option key={id} value={id}>
                {group.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="inv-active" aria-live="polite">
        {timeline && (
          <span className="inv-count" role="status">
            {active || timeline.matched !== timeline.total ? `${timeline.matched.toLocaleString('en')} of ${timeline.total.toLocaleString('en')} entries` : `${timeline.total.toLocaleString('en')} entries`}
          </span>
        )}
        {active && (
          <ul className="link-chips" aria-label="Active filters">
            {filter.indicator && (
              <li>
                <FilterChip label={`Indicator ${filter.indicator}`} onRemove={() => change({ indicator: null })}>
                  <span className="mono">{filter.indicator}</span> <UserText text={indicator?.defanged ?? ''} className="mono" />
                </FilterChip>
              </li>
            )}
            {filter.asset && (
              <li>
                <FilterChip label={`Asset ${filter.asset}`} onRemove={() => change({ asset: null })}>
                  <span className="mono">{filter.asset}</span> <UserText text={asset?.name ?? ''} />
                </FilterChip>
              </li>
            )}
            {filter.technique && (
              <li>
                <TechniqueChip id={filter.technique} onRemove={() => change({ technique: null })} />
              </li>
            )}
            {filter.tag && (
              <li>
                <FilterChip label={`Tag ${filter.tag}`} onRemove={() => change({ tag: null })}>
                  #<UserText text={filter.tag} />
                </FilterChip>
              </li>
            )}
            {filter.actor && (
              <li>
                <FilterChip label={`Actor ${filter.actor}`} onRemove={() => change({ actor: null })}>
                  by <UserText text={filter.actor} />
                </FilterChip>
              </li>
            )}
            {filter.group && (
              <li>
                <FilterChip label={eventGroups[filter.group].label} onRemove={() => change({ group: null })}>
                  {eventGroups[filter.group].label}
                </FilterChip>
              </li>
            )}
            <li>
              <button type="button" className="link" onClick={() => void clearFilters(incidentId)}>
                Clear all
              </button>
            </li>
          </ul>
        )}
      </div>
    </section>
  );
}

function FilterChip({ label, onRemove, children }: { label: string; onRemove(): void; children: ReactNode }) {
  return (
    <span className="link-chip filter-chip">
      {children}
      <button type="button" className="icon-button chip-remove" aria-label={`Remove filter: ${label}`} onClick={onRemove}>
        ✕
      </button>
    </span>
  );
}
