import { memo } from 'react';
import type { Asset, Indicator, InvestigationEntry } from '../../../../src-main/contract';
import { LongUserText } from '../../common/LongUserText';
import { UserText } from '../../common/UserText';
import { TechniqueChip } from './TechniqueChip';
import { givenTime, lag, sameOffset, shownTime, type ShownZone } from './timelineTime';

/** Words for event types a responder reads at a glance; anything else shows its type. */
const kindWords: Record<string, string> = {
  'timeline.entry': 'entry',
  'timeline.tagged': 'links',
  'incident.noteAdded': 'note',
  'indicator.added': 'indicator',
  'indicator.updated': 'indicator',
  'asset.added': 'asset',
  'asset.stateChanged': 'asset',
  'asset.updated': 'asset',
  'incident.statusChanged': 'status',
  'incident.severityChanged': 'severity',
  'incident.declared': 'declared',
  'checklist.stepChanged': 'step',
  'clock.started': 'clock',
  'clock.stopped': 'clock',
  'clock.due': 'clock',
};

interface Props {
  entry: InvestigationEntry;
  zone: ShownZone;
  indicators: Indicator[];
  assets: Asset[];
  onLink(entry: InvestigationEntry): void;
}

/** One entry with both clocks: when it happened (and as given, when another zone) and when it was recorded. */
export const TimelineEntryRow = memo(function TimelineEntryRow({ entry, zone, indicators, assets, onLink }: Props) {
  const asGiven = entry.occurredOffset !== null && !sameOffset(entry.occurredAt, entry.occurredOffset, zone) ? givenTime(entry.occurredAt, entry.occurredOffset) : null;
  const indicator = (id: string) => indicators.find((candidate) => candidate.id === id);
  const asset = (id: string) => assets.find((candidate) => candidate.id === id);
  const { links } = entry;
  const linked = links.techniques.length + links.indicators.length + links.assets.length + links.tags.length > 0;
  return (
    <li className={`inv-entry${entry.retroactive ? ' is-retroactive' : ''}`} data-hash={entry.hash}>
      <div className="inv-clocks">
        {entry.occurredOffset === null ? (
          <span className="inv-happened">
            <span className="muted">happened</span> <time dateTime={entry.occurredAt}>{shownTime(entry.occurredAt, zone)}</time> <span className="muted">· recorded as it happened</span>
          </span>
        ) : (
          <>
            <span className="inv-happened">
              <span className="muted">happened</span> <time dateTime={entry.occurredAt}>{shownTime(entry.occurredAt, zone)}</time>
              {asGiven && <span className="muted" title="The time as it was given, in its own offset"> (given as {asGiven})</span>}
            </span>
            <span className="inv-recorded">
              <span className="muted">· recorded</span> <time dateTime={entry.recordedAt}>{shownTime(entry.recordedAt, zone)}</time>
            </span>
          </>
        )}
        {entry.retroactive && (
          <span className="retro-badge" title={`Added after the fact: recorded ${lag(entry.occurredAt, entry.recordedAt)} after it happened`}>
            after the fact · +{lag(entry.occurredAt, entry.recordedAt)}
          </span>
        )}
        <span className="inv-kind">{kindWords[entry.type] ?? entry.type.split('.')[0]}</span>
        {entry.category && <UserText text={entry.category} className="inv-category" />}
        {entry.imported && (
          <span className="muted" title="Imported from a timeline file: who recorded it there, and when">
            imported · first recorded by <UserText text={entry.imported.actor} /> {shownTime(entry.imported.recordedAt, zone)}
          </span>
        )}
        <UserText text={entry.actor} className="inv-actor" />
        <button type="button" className="link inv-link-button" onClick={() => onLink(entry)}>
          Link…
        </button>
      </div>
      <LongUserText text={entry.summary} className="inv-summary" />
      {linked && (
        <ul className="link-chips" aria-label="Linked to">
            {links.techniques.map((id) => (
              <li key={`t-${id}`}>
                <TechniqueChip id={id} />
              </li>
            ))}
            {links.indicators.map((id) => (
              <li key={`i-${id}`}>
                <span className="link-chip indicator-chip" title={indicator(id)?.type}>
                  <span className="mono">{id}</span> <UserText text={indicator(id)?.defanged ?? ''} className="mono" />
                </span>
              </li>
            ))}
            {links.assets.map((id) => (
              <li key={`a-${id}`}>
                <span className="link-chip asset-chip" title={asset(id)?.kind}>
                  <span className="mono">{id}</span> <UserText text={asset(id)?.name ?? ''} />
                </span>
              </li>
            ))}
            {links.tags.map((tag) => (
              <li key={`g-${tag}`}>
                <span className="link-chip tag-chip">
                  #<UserText text={tag} />
                </span>
              </li>
            ))}
        </ul>
      )}
    </li>
  );
});
