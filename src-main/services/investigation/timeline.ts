import { AppError, type InvestigationEntry, type OperationResult, type ParsedInput } from '../../contract';
import { investigationEventTypes, type LinkKeys, type TimelineEntryPayload, type TimelineTaggedPayload } from '../../domain/investigation/investigationEvents';
import { aheadBy, parseOccurredTime } from '../../domain/investigation/timeline/occurredTime';
import { assetLinkKey, indicatorLinkKey, linksByEvent } from '../../domain/investigation/timeline/timelineLinks';
import { eventHashesStartingWith, findTimelineEvent, listTimelineEvents } from '../../store/timelineEvents';
import { readTransaction } from '../../store/transaction';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { keysOfIds, linkIndexOf, linkedRecordTypes } from './linkIds';
import { checkTechniques } from './techniqueCheck';
import { entryOf, sortTimed, timedEvents } from './timelineEntries';

export { exportTimeline, importTimeline } from './timelineFiles';

/** A clock a few minutes fast (another laptop, a phone) must not make a real entry look like a typo. */
export const futureToleranceMs = 5 * 60_000;

/** `at` as UTC and its offset; refused when it is more than a few minutes ahead of now. */
function occurredOf(ctx: ServiceContext, at: string): { occurredAt: string; offset: string } {
  const parsed = parseOccurredTime(at);
  if (!parsed.ok) throw new AppError('invalid-input', `at: ${parsed.reason}`);
  const ahead = Date.parse(parsed.utc) - ctx.clock().getTime();
  if (ahead > futureToleranceMs) throw new AppError('invalid-input', `at: ${at} is in the future by ${aheadBy(ahead)}: an entry records what already happened (check the date and the offset)`);
  return { occurredAt: parsed.utc, offset: parsed.offset };
}

export function addTimelineEntry(ctx: ServiceContext, input: ParsedInput<'timeline.add'>): OperationResult<'timeline.add'> {
  const occurred = input.at ? occurredOf(ctx, input.at) : null;
  checkTechniques(ctx, input.links.techniques, 'links.techniques');
  let keys: LinkKeys | undefined;
  let index: ReturnType<typeof linkIndexOf> | undefined;
  const { event } = recordChange(ctx, input.incidentId, (current, at) => {
    index = linkIndexOf(listTimelineEvents(ctx.db, input.incidentId, linkedRecordTypes));
    keys = keysOfIds(index, input.links);
    // Recorded as it happened: the entry's own time is the record's, with no offset of its own.
    const payload: TimelineEntryPayload = { text: input.text, occurredAt: occurred?.occurredAt ?? at, offset: occurred?.offset ?? '', category: input.category, links: keys };
    return { next: current, type: investigationEventTypes.timelineEntry, payload: payload as unknown as Record<string, unknown> };
  });
  return entryOf({ type: event.type, at: event.at, actor: event.actor, hash: event.hash, payload: event.payload }, keys!, index!);
}

/** What a tag really changes: links not held yet, and held links to take off. */
function effective(held: LinkKeys, add: LinkKeys, remove: LinkKeys): { add: LinkKeys; remove: LinkKeys } {
  const indicators = new Set(held.indicators.map(indicatorLinkKey));
  const assets = new Set(held.assets.map(assetLinkKey));
  return {
    add: {
      indicators: add.indicators.filter((key) => !indicators.has(indicatorLinkKey(key))),
      assets: add.assets.filter((key) => !assets.has(assetLinkKey(key))),
      techniques: add.techniques.filter((id) => !held.techniques.includes(id)),
      tags: add.tags.filter((tag) => !held.tags.includes(tag)),
    },
    remove: {
      indicators: remove.indicators.filter((key) => indicators.has(indicatorLinkKey(key))),
      assets: remove.assets.filter((key) => assets.has(assetLinkKey(key))),
      techniques: remove.techniques.filter((id) => held.techniques.includes(id)),
      tags: remove.tags.filter((tag) => held.tags.includes(tag)),
    },
  };
}

const isEmpty = (links: LinkKeys) => links.indicators.length + links.assets.length + links.techniques.length + links.tags.length === 0;

/** The one hash of the incident's events a prefix (as timeline list shows it) names: none or several is said. */
function entryHash(ctx: ServiceContext, incidentId: string, prefix: string): string {
  const hashes = eventHashesStartingWith(ctx.db, incidentId, prefix);
  const shown = prefix.length > 16 ? `${prefix.slice(0, 16)}…` : prefix;
  if (hashes.length === 0) throw new AppError('not-found', `no entry of ${incidentId} starts with ${shown}: timeline list ${incidentId} shows the hashes`);
  if (hashes.length > 1) throw new AppError('invalid-input', `${shown} names ${hashes.length} entries of ${incidentId}: give more characters`, [{ field: 'hash', message: 'names more than one entry' }]);
  return hashes[0]!;
}

export function tagTimelineEntry(ctx: ServiceContext, input: ParsedInput<'timeline.tag'>): OperationResult<'timeline.tag'> {
  const asked = [input.add, input.remove];
  if (asked.every((links) => links.indicators.length + links.assets.length + links.techniques.length + links.tags.length === 0)) {
    throw new AppError('invalid-input', 'nothing to link or unlink: give indicators, assets, techniques or tags to add (or to remove)');
  }
  checkTechniques(ctx, input.add.techniques, 'add.techniques');
  let answer: InvestigationEntry | undefined;
  recordChange(ctx, input.incidentId, (current) => {
    const target = findTimelineEvent(ctx.db, input.incidentId, entryHash(ctx, input.incidentId, input.hash));
    if (!target) throw new AppError('not-found', `no entry of ${input.incidentId} has the hash ${input.hash}`);
    const events = listTimelineEvents(ctx.db, input.incidentId);
    const index = linkIndexOf(events);
    const held = linksByEvent(events).get(target.hash)!;
    const change = effective(held, keysOfIds(index, input.add, 'add'), keysOfIds(index, input.remove, 'remove'));
    if (isEmpty(change.add) && isEmpty(change.remove)) throw new AppError('invalid-input', 'nothing changes: the entry already has every link to add, and none of those to remove');
    const shown = entryOf(target, held, index);
    const payload: TimelineTaggedPayload = {
      target: target.hash,
      add: change.add,
      remove: change.remove,
      entry: { occurredAt: shown.occurredAt, offset: shown.occurredOffset, text: shown.summary.slice(0, 120) },
    };
    const after = linksByEvent([...events, { type: investigationEventTypes.timelineTagged, at: '', actor: '', hash: '', payload: payload as unknown as Record<string, unknown> }]).get(target.hash)!;
    answer = entryOf(target, after, index);
    return { next: current, type: investigationEventTypes.timelineTagged, payload: payload as unknown as Record<string, unknown> };
  });
  return answer!;
}

export function listInvestigationTimeline(ctx: ServiceContext, input: ParsedInput<'timeline.list'>): OperationResult<'timeline.list'> {
  return readTransaction(ctx.db, () => {
    requireIncident(ctx, input.incidentId);
    const events = listTimelineEvents(ctx.db, input.incidentId);
    const index = linkIndexOf(events);
    if (input.indicator && !index.indicators.has(input.indicator)) throw new AppError('not-found', `no indicator ${input.indicator} in ${input.incidentId}: ioc list ${input.incidentId} shows those it holds`);
    if (input.asset && !index.assets.has(input.asset)) throw new AppError('not-found', `no asset ${input.asset} in ${input.incidentId}: asset list ${input.incidentId} shows those it holds`);
    const timed = timedEvents(events);
    // Filters compare identities: ids are only the fold's numbering of them.
    const indicator = input.indicator ? indicatorLinkKey(index.indicators.get(input.indicator)!) : undefined;
    const asset = input.asset ? assetLinkKey(index.assets.get(input.asset)!) : undefined;
    const actor = input.actor?.toLowerCase();
    const tag = input.tag?.toLowerCase();
    const types = input.types ? new Set(input.types) : undefined;
    const matching = timed.filter(({ event, keys }) => {
      if (types && !types.has(event.type)) return false;
      if (actor && event.actor.toLowerCase() !== actor) return false;
      if (indicator && !keys.indicators.some((key) => indicatorLinkKey(key) === indicator)) return false;
      if (asset && !keys.assets.some((key) => assetLinkKey(key) === asset)) return false;
      if (input.technique && !keys.techniques.some((id) => id === input.technique || id.startsWith(`${input.technique}.`))) return false;
      if (tag && !keys.tags.some((held) => held.toLowerCase() === tag)) return false;
      return true;
    });
    const sorted = sortTimed(matching, input.sort);
    return { entries: sorted.slice(0, input.limit).map(({ event, keys }) => entryOf(event, keys, index)), matched: matching.length, total: timed.length };
  });
}
