import { AppError, type Indicator, type IndicatorType, type OperationResult, type ParsedInput } from '../../contract';
import { indicatorKeyOf, tlpRank } from '../../domain/investigation/indicators/indicatorFold';
import { investigationEventTypes, type IndicatorFields, type IndicatorUpdatedPayload } from '../../domain/investigation/investigationEvents';
import { classifyIndicator, normaliseIndicator, refang, type ClassifiedIndicator, type NormalisedIndicator } from '../../domain/investigation/indicators/indicatorValues';
import type { ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { storageRedactor } from '../redaction/redaction';
import { checkSeenOrder, heldIndicators, requireIndicator, secretRefusal } from './indicatorRecord';
import { checkTechniques } from './techniqueCheck';

export { importIndicators } from './indicatorImport';

/** "is empty" reads "the value is empty"; "not an IPv4 address: …" reads as it is. */
const subjectFirst = (reason: string) => (/^(?:is|contains|looks) /.test(reason) ? `the value ${reason}` : reason);

const withType = (type: IndicatorType, checked: NormalisedIndicator): ClassifiedIndicator => (checked.ok ? { ok: true, type, value: checked.value } : checked);

/**
 * Adds one indicator, its type detected when not given. A duplicate of one held (same type and
 * normalised value) merges into it and answers the merged indicator.
 */
export function addIndicator(ctx: ServiceContext, input: ParsedInput<'ioc.add'>): OperationResult<'ioc.add'> {
  const incident = requireIncident(ctx, input.incidentId);
  const checked: ClassifiedIndicator = input.type ? withType(input.type, normaliseIndicator(input.type, input.value)) : classifyIndicator(input.value);
  const type: IndicatorType | null = input.type ?? (checked.ok ? checked.type : null);
  // The value was passed as given (exempt from redaction): refuse a credential before anything else says anything about it.
  // The rules also see it refanged and normalised: `hxxps://admin:…[@]evil[.]example` is stored as the live URL.
  const redactor = storageRedactor(ctx);
  const forms = new Set([input.value, refang(input.value), ...(checked.ok ? [checked.value] : [])]);
  const secret = [...forms].reduce<string | null>((found, form) => found ?? secretRefusal(type, redactor(form)), null);
  if (secret) throw new AppError('invalid-input', `the value ${secret}; nothing was stored`, [{ field: 'value', message: secret }]);
  if (!checked.ok) throw new AppError('invalid-input', subjectFirst(checked.reason), [{ field: 'value', message: checked.reason }]);
  checkTechniques(ctx, input.techniques, 'techniques');
  checkSeenOrder(input.firstSeen ?? null, input.lastSeen ?? null);
  const fields: IndicatorFields = {
    type: checked.type,
    value: checked.value,
    tlp: input.tlp,
    firstSeen: input.firstSeen ?? null,
    lastSeen: input.lastSeen ?? null,
    source: input.source,
    note: input.note,
    tags: input.tags,
    techniques: input.techniques,
  };
  const key = indicatorKeyOf(fields);
  const before = heldIndicators(ctx, incident.id).find((indicator) => indicatorKeyOf(indicator) === key);
  // The merge keeps the stricter marking: a responder who asked for a looser one must hear it was not taken.
  const kept = before && tlpRank(before.tlp) > tlpRank(input.tlp) ? before.tlp : null;
  recordChange(ctx, incident.id, (current) => ({
    next: current,
    type: investigationEventTypes.indicatorsAdded,
    payload: { indicators: [fields], ...(before && { duplicate: true }), ...(kept && { tlpKept: kept }) },
  }));
  const held = heldIndicators(ctx, incident.id).find((indicator) => indicatorKeyOf(indicator) === key)!;
  return kept ? { ...held, tlpKept: { held: held.tlp, asked: input.tlp } } : held;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** Changes what a responder may change of an indicator: one event naming each change, from → to. */
export function updateIndicator(ctx: ServiceContext, input: ParsedInput<'ioc.update'>): OperationResult<'ioc.update'> {
  const incident = requireIncident(ctx, input.incidentId);
  const indicator = requireIndicator(heldIndicators(ctx, incident.id), incident.id, input.indicatorId);
  if (input.techniques) checkTechniques(ctx, input.techniques, 'techniques');
  const changes: IndicatorUpdatedPayload['changes'] = {};
  if (input.tlp !== undefined && input.tlp !== indicator.tlp) changes.tlp = { from: indicator.tlp, to: input.tlp };
  if (input.note !== undefined && input.note !== indicator.note) changes.note = { from: indicator.note, to: input.note };
  if (input.tags !== undefined && !sameList(input.tags, indicator.tags)) changes.tags = { from: indicator.tags, to: input.tags };
  if (input.techniques !== undefined && !sameList(input.techniques, indicator.techniques)) changes.techniques = { from: indicator.techniques, to: input.techniques };
  if (input.firstSeen !== undefined && input.firstSeen !== indicator.firstSeen) changes.firstSeen = { from: indicator.firstSeen, to: input.firstSeen };
  if (input.lastSeen !== undefined && input.lastSeen !== indicator.lastSeen) changes.lastSeen = { from: indicator.lastSeen, to: input.lastSeen };
  if (Object.keys(changes).length === 0) {
    throw new AppError('invalid-input', `nothing changes: ${indicator.id} already has ${describeAsked(input)}`);
  }
  // Only a change of the seen times can put them out of order; a TLP or a note must stay changeable
  // even when a bundle from elsewhere brought them out of order.
  if (changes.firstSeen || changes.lastSeen) checkSeenOrder(input.firstSeen === undefined ? indicator.firstSeen : input.firstSeen, input.lastSeen === undefined ? indicator.lastSeen : input.lastSeen);
  const payload: IndicatorUpdatedPayload = { key: { type: indicator.type, value: indicator.value }, changes };
  recordChange(ctx, incident.id, (current) => ({ next: current, type: investigationEventTypes.indicatorUpdated, payload: { ...payload } }));
  const key = indicatorKeyOf(indicator);
  return heldIndicators(ctx, incident.id).find((held) => indicatorKeyOf(held) === key)!;
}

function describeAsked(input: ParsedInput<'ioc.update'>): string {
  const asked = (['tlp', 'note', 'tags', 'techniques', 'firstSeen', 'lastSeen'] as const).filter((field) => input[field] !== undefined);
  return asked.length === 0 ? 'every field as it is (give tlp, note, tags, techniques, firstSeen or lastSeen)' : `the ${asked.join(', ')} given`;
}

/** The incident's indicators in the order they were added, optionally of one type, tag or technique. */
export function listIndicators(ctx: ServiceContext, input: ParsedInput<'ioc.list'>): OperationResult<'ioc.list'> {
  const incident = requireIncident(ctx, input.incidentId);
  const indicators = heldIndicators(ctx, incident.id).filter(
    (indicator: Indicator) =>
      (input.type === undefined || indicator.type === input.type) &&
      (input.tag === undefined || indicator.tags.includes(input.tag)) &&
      (input.technique === undefined || indicator.techniques.includes(input.technique)),
  );
  return { indicators };
}
