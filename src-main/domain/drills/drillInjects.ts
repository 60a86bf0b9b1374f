import { phases, type DrillInject, type DrillView, type InjectState } from '../../contract';
import { clockAt, drillMsAt } from './drillClock';
import type { DrillFacts } from './drillFacts';

/**
 * Injects arrive by themselves when their trigger is met (a drill minute, a phase, a step done), or
 * when the facilitator fires them early; the facilitator may also skip one. Either way an inject has
 * its moment once: fired or skipped, it is never due again.
 */

function triggerMet(facts: DrillFacts, inject: DrillInject, drillMs: number): boolean {
  const trigger = inject.trigger;
  if ('minute' in trigger) return drillMs >= trigger.minute * 60_000;
  if ('phase' in trigger) {
    // A phase trigger fires on that phase or any later one: a team that jumps ahead still hears it.
    const wanted = phases.indexOf(trigger.phase);
    return phases.some((phase, index) => index >= wanted && facts.phaseEnteredAt[phase] !== undefined);
  }
  return facts.stepsDoneAt.has(trigger.step);
}

export function dueInjects(facts: DrillFacts, nowMs: number): DrillInject[] {
  const { state } = clockAt(facts.clock, nowMs);
  if (state === 'ready' || state === 'finished' || facts.finished) return [];
  const drillMs = drillMsAt(facts.clock, nowMs);
  return facts.scenario.injects.filter((inject) => !facts.injects.has(inject.id) && triggerMet(facts, inject, drillMs));
}

function stateOf(facts: DrillFacts, inject: DrillInject): InjectState {
  const record = facts.injects.get(inject.id);
  return {
    id: inject.id,
    title: inject.title,
    trigger: inject.trigger,
    status: record?.status ?? 'pending',
    atMinute: record ? record.atMinute : null,
    body: inject.body,
    note: inject.note,
  };
}

export function injectStates(facts: DrillFacts, view: DrillView): InjectState[] {
  if (view === 'facilitator') return facts.scenario.injects.map((inject) => stateOf(facts, inject));
  // Participants hear only what arrived, in the order it arrived (the facts keep timeline order).
  const byId = new Map(facts.scenario.injects.map((inject) => [inject.id, inject]));
  const arrived: InjectState[] = [];
  for (const [id, record] of facts.injects) {
    const inject = byId.get(id);
    if (inject && record.status === 'fired') arrived.push({ ...stateOf(facts, inject), note: '' });
  }
  return arrived;
}

export function nextInject(facts: DrillFacts): InjectState | null {
  const pending = facts.scenario.injects.filter((inject) => !facts.injects.has(inject.id));
  let earliest: DrillInject | null = null;
  for (const inject of pending) {
    if (!('minute' in inject.trigger)) continue;
    if (!earliest || inject.trigger.minute < (earliest.trigger as { minute: number }).minute) earliest = inject;
  }
  const next = earliest ?? pending[0];
  return next ? stateOf(facts, next) : null;
}
