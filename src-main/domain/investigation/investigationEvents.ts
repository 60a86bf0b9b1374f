import type { AssetKind, AssetState, Indicator, IndicatorType } from '../../contract';

/**
 * The investigation record lives in the incident's events alone (no tables of its own): each list
 * is a fold of these events in projection order, so sync, bundles and verification carry it as
 * they carry every event. Indicators and assets are sets keyed by value (add-wins union): two
 * laptops adding the same one merge, and ids (I3, S2) are numbers in that order, for convenience.
 */
export const investigationEventTypes = {
  /** One or many indicators (a pasted list is one event). */
  indicatorsAdded: 'indicator.added',
  indicatorUpdated: 'indicator.updated',
  assetAdded: 'asset.added',
  assetStateChanged: 'asset.stateChanged',
  assetUpdated: 'asset.updated',
  /** An entry written by a responder, possibly after the fact (`occurredAt` earlier than the event's time). */
  timelineEntry: 'timeline.entry',
  /** Links added to or taken off an earlier entry. */
  timelineTagged: 'timeline.tagged',
  clockStarted: 'clock.started',
  clockStopped: 'clock.stopped',
  /** A regulatory clock came near or past its deadline (a reminder, like escalation.due). */
  clockDue: 'clock.due',
} as const;

/** One event as the folds of the record read it, in projection order. */
export interface FoldEvent {
  type: string;
  at: string;
  actor: string;
  hash: string;
  payload: Record<string, unknown>;
}

/** An indicator's identity in events: ids are not stored, since they are numbered at read time. */
export interface IndicatorKey {
  type: IndicatorType;
  /** Refanged and normalised. */
  value: string;
}

export interface AssetKey {
  kind: AssetKind;
  name: string;
}

/** Links as events hold them: by identity, never by the I/S numbers shown to responders. */
export interface LinkKeys {
  indicators: IndicatorKey[];
  assets: AssetKey[];
  techniques: string[];
  tags: string[];
}

/** `indicator.added`: `{ indicators: IndicatorFields[] }`. */
export interface IndicatorFields extends IndicatorKey, Pick<Indicator, 'tlp' | 'firstSeen' | 'lastSeen' | 'source' | 'note' | 'tags' | 'techniques'> {}

/** `indicator.updated`: `{ key, changes }`, each changed field from → to. */
export interface IndicatorUpdatedPayload {
  key: IndicatorKey;
  changes: Partial<Record<'tlp' | 'note' | 'tags' | 'techniques' | 'firstSeen' | 'lastSeen', { from: unknown; to: unknown }>>;
}

/** `asset.added`: `{ asset: AssetFields }`. */
export interface AssetFields extends AssetKey {
  state: AssetState;
  owner: string;
  note: string;
  tags: string[];
  techniques: string[];
}

/** `asset.stateChanged`. */
export interface AssetStatePayload {
  key: AssetKey;
  from: AssetState;
  to: AssetState;
  reason: string;
}

/** `asset.updated`. */
export interface AssetUpdatedPayload {
  key: AssetKey;
  changes: Partial<Record<'owner' | 'note' | 'tags' | 'techniques', { from: unknown; to: unknown }>>;
}

/** `timeline.entry`. */
export interface TimelineEntryPayload {
  text: string;
  /** UTC ISO-8601. */
  occurredAt: string;
  /** The offset the time was given in: `+02:00`, `-05:00`, `Z`. */
  offset: string;
  category: string;
  links: LinkKeys;
  /** For an entry imported from a CSV or JSON export: who recorded it there, and when. */
  imported?: { recordedAt: string; actor: string };
}

/** `timeline.tagged`. */
export interface TimelineTaggedPayload {
  /** The hash of the entry. */
  target: string;
  add: LinkKeys;
  remove: LinkKeys;
  /** The target as it read when tagged, for the timeline line (the target is named by hash alone otherwise). */
  entry?: { occurredAt: string; offset: string | null; text: string };
}

/** `clock.started`. */
export interface ClockStartedPayload {
  name: string;
  label: string;
  hours: number;
  /** UTC ISO-8601; the offset it was given in beside it. */
  startedAt: string;
  offset: string;
  note: string;
}

/** `clock.stopped`. */
export interface ClockStoppedPayload {
  name: string;
  note: string;
}

/** `clock.due`: `stage` 'soon' (a quarter of the time or 24 h left, whichever is less) or 'overdue'. */
export interface ClockDuePayload {
  name: string;
  label: string;
  dueAt: string;
  stage: 'soon' | 'overdue';
}

export const emptyLinks = (): LinkKeys => ({ indicators: [], assets: [], techniques: [], tags: [] });
