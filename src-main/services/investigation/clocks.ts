import { AppError, regulatoryPresets, type OperationResult, type ParsedInput, type RegulatoryClock, type RegulatoryClocks } from '../../contract';
import { clockEventTypes, foldClocks } from '../../domain/investigation/assets/clockFold';
import { spanWords } from '../../domain/investigation/assets/clockSummary';
import { investigationEventTypes, type ClockStartedPayload, type ClockStoppedPayload } from '../../domain/investigation/investigationEvents';
import { listEventsOfTypes } from '../../store/eventLog';
import { nowIso, type ServiceContext } from '../context';
import { recordChange, requireIncident } from '../incidents/incidentChange';
import { raiseDueClocks } from './clockReminders';

/** A start a minute ahead of this laptop's clock is another laptop's clock running fast, not a typo. */
const futureSlackMs = 60_000;

const presets = Object.entries(regulatoryPresets).map(([name, preset]) => ({ name, label: preset.label, hours: preset.hours }));

export function readClocks(ctx: ServiceContext, incidentId: string): RegulatoryClock[] {
  return foldClocks(listEventsOfTypes(ctx.db, incidentId, clockEventTypes), nowIso(ctx));
}

const result = (ctx: ServiceContext, incidentId: string): RegulatoryClocks => ({ clocks: readClocks(ctx, incidentId), presets });

/** The offset a time was written with (`+02:00`, `Z`), kept beside the UTC time. */
function offsetOf(value: string): string {
  const match = /(Z|[+-]\d{2}:?\d{2})$/i.exec(value);
  if (!match) return 'Z';
  const offset = match[1]!.toUpperCase();
  return offset === 'Z' ? 'Z' : offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

function clockSpan(input: ParsedInput<'clock.start'>): { label: string; hours: number } {
  // Own names only: `constructor` or `toString` are clock names like any other, not presets.
  const preset = Object.hasOwn(regulatoryPresets, input.name) ? (regulatoryPresets as Record<string, { label: string; hours: number }>)[input.name] : undefined;
  if (preset) {
    if (input.hours !== undefined && input.hours !== preset.hours) {
      throw new AppError('invalid-input', `${input.name} is a preset of ${spanWords(preset.hours)} (${preset.label}): leave the hours out, or give the clock another name for ${spanWords(input.hours)}`, [
        { field: 'hours', message: `must be ${preset.hours} for ${input.name}, or left out` },
      ]);
    }
    return { label: input.label || preset.label, hours: preset.hours };
  }
  if (!input.label || input.hours === undefined) {
    throw new AppError('invalid-input', `${input.name} is not a preset (${presets.map((known) => known.name).join(', ')}): a new clock needs a label and its hours`, [
      ...(input.label ? [] : [{ field: 'label', message: 'is required for a clock that is not a preset' }]),
      ...(input.hours === undefined ? [{ field: 'hours', message: 'is required for a clock that is not a preset' }] : []),
    ]);
  }
  return { label: input.label, hours: input.hours };
}

export function startClock(ctx: ServiceContext, input: ParsedInput<'clock.start'>): OperationResult<'clock.start'> {
  const { label, hours } = clockSpan(input);
  const now = nowIso(ctx);
  const given = input.startedAt ?? now;
  const startedAt = new Date(given).toISOString();
  if (Date.parse(startedAt) > Date.parse(now) + futureSlackMs) {
    throw new AppError('invalid-input', `a clock starts when the team became aware, which cannot be in the future: ${given} is after now (${now})`, [{ field: 'startedAt', message: 'must not be in the future' }]);
  }
  recordChange(ctx, input.incidentId, (current) => {
    const running = readClocks(ctx, input.incidentId).find((clock) => clock.name === input.name && clock.stoppedAt === null);
    if (running) throw new AppError('conflict', `${input.name} is already running on ${input.incidentId} (started ${running.startedAt}, due ${running.dueAt}): stop it first to start it again`);
    const payload: ClockStartedPayload = { name: input.name, label, hours, startedAt, offset: input.startedAt ? offsetOf(input.startedAt) : 'Z', note: input.note };
    return { next: current, type: investigationEventTypes.clockStarted, payload: { ...payload } };
  });
  return result(ctx, input.incidentId);
}

export function stopClock(ctx: ServiceContext, input: ParsedInput<'clock.stop'>): OperationResult<'clock.stop'> {
  recordChange(ctx, input.incidentId, (current) => {
    const clocks = readClocks(ctx, input.incidentId);
    const clock = clocks.find((held) => held.name === input.name);
    if (!clock) {
      const names = clocks.map((held) => held.name);
      throw new AppError('not-found', `no clock ${input.name} on ${input.incidentId}${names.length ? `: it has ${names.join(', ')}` : ': none is started (firebreak clock start)'}`);
    }
    if (clock.stoppedAt !== null) throw new AppError('conflict', `${input.name} was already met at ${clock.stoppedAt} (${clock.state}): nothing to stop`);
    const payload: ClockStoppedPayload = { name: input.name, note: input.note };
    return { next: current, type: investigationEventTypes.clockStopped, payload: { ...payload } };
  });
  return result(ctx, input.incidentId);
}

export function listClocks(ctx: ServiceContext, input: ParsedInput<'clock.list'>): OperationResult<'clock.list'> {
  requireIncident(ctx, input.incidentId);
  // A look from the CLI raises what has come due, as reminders.list does, so it is as current as the console.
  raiseDueClocks(ctx);
  return result(ctx, input.incidentId);
}
